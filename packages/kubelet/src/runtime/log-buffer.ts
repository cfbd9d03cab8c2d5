/**
 * A bounded ring buffer of one container instance's log lines. Followers get every line
 * appended after they subscribe and are told when the instance ends (`close`).
 * Bounded twice, like the kubelet's log rotation (containerLogMaxSize): at most `maxLines` lines
 * and `maxBytes` characters, oldest dropped first; a line longer than MAX_LOG_LINE_LENGTH is cut
 * there (as the runtime splits a long line, keeping its first part).
 */

/** Characters of log kept per container instance by default. */
export const DEFAULT_LOG_MAX_BYTES = 2 * 1024 * 1024;
/** The longest line kept (containerd's 16 KiB partial-line size is a close cousin). */
export const MAX_LOG_LINE_LENGTH = 64 * 1024;

export interface LogLine {
  /** ms since epoch */ time: number;
  text: string;
}

export type LogListener = (line: LogLine | null) => void;

export class LogBuffer {
  private readonly lines: LogLine[] = [];
  /** How many lines were ever appended: the last line's sequence number. */
  private appended = 0;
  private readonly listeners = new Set<LogListener>();
  private closedFlag = false;
  /** The sum of the kept lines' lengths. */
  private size = 0;

  /** Invariant: lines.length <= maxLines and size <= maxBytes (oldest dropped first). */
  constructor(
    private readonly maxLines = 1000,
    private readonly maxBytes = DEFAULT_LOG_MAX_BYTES,
  ) {}

  append(time: number, text: string): void {
    if (this.closedFlag) return;
    for (const part of text.split('\n')) {
      const line = { time, text: part.length > MAX_LOG_LINE_LENGTH ? part.slice(0, MAX_LOG_LINE_LENGTH) : part };
      this.lines.push(line);
      this.appended++;
      this.size += line.text.length;
      while (this.lines.length > this.maxLines || (this.size > this.maxBytes && this.lines.length > 1)) {
        this.size -= this.lines.shift()!.text.length;
      }
      for (const l of this.listeners) l(line);
    }
  }

  /** Lines, oldest first, filtered by `sinceMs` (inclusive) and the last `tail` ones. */
  snapshot(opts: { tail?: number; sinceMs?: number } = {}): LogLine[] {
    let out = opts.sinceMs !== undefined ? this.lines.filter((l) => l.time >= opts.sinceMs!) : [...this.lines];
    if (opts.tail !== undefined && opts.tail >= 0) out = opts.tail === 0 ? [] : out.slice(-opts.tail);
    return out;
  }

  /** The sequence number of the last line appended (0 before any). */
  get lastSeq(): number {
    return this.appended;
  }

  /** The kept lines appended after line number `seq`, oldest first (lines dropped meanwhile are gone). */
  linesAfter(seq: number): LogLine[] {
    const n = Math.min(this.appended - seq, this.lines.length);
    return n <= 0 ? [] : this.lines.slice(-n);
  }

  /** Subscribes to new lines; the listener gets `null` once the buffer closes. Returns unsubscribe. */
  follow(listener: LogListener): () => void {
    if (this.closedFlag) {
      listener(null);
      return () => {};
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    for (const l of this.listeners) l(null);
    this.listeners.clear();
  }
}

/** Formats a line as the kubelet does with `timestamps=true` (RFC 3339 with nanoseconds). */
export function formatLogLine(line: LogLine, timestamps: boolean): string {
  if (!timestamps) return line.text + '\n';
  const iso = new Date(line.time).toISOString().replace(/Z$/, '000000Z');
  return `${iso} ${line.text}\n`;
}

/**
 * Streams a buffer's lines appended after `afterSeq` to a reader at the reader's pace: lines are
 * written off the appender's stack (setImmediate), and while `write` returns a promise (the
 * socket is full) nothing more is written; lines the ring drops meanwhile are lost, as with a
 * rotated log file. `write` returning false stops the stream; `end` runs once the buffer closed
 * and every kept line was written. Returns stop().
 */
export function followLog(
  logs: LogBuffer,
  afterSeq: number,
  write: (line: LogLine) => boolean | Promise<void>,
  end: () => void,
): () => void {
  let cursor = afterSeq;
  let scheduled = false;
  let waiting = false;
  let stopped = false;
  let unsubscribe = () => {};
  const stop = () => {
    stopped = true;
    unsubscribe();
  };
  const flush = () => {
    scheduled = false;
    if (stopped || waiting) return;
    const lines = logs.linesAfter(cursor);
    cursor = logs.lastSeq - lines.length;
    for (const line of lines) {
      cursor++;
      const r = write(line);
      if (r === false) return stop();
      if (r !== true) {
        waiting = true;
        void r.then(() => {
          waiting = false;
          flush();
        });
        return;
      }
    }
    if (logs.closed) {
      stop();
      end();
    }
  };
  const schedule = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(flush);
  };
  unsubscribe = logs.follow(schedule);
  schedule();
  return stop;
}
