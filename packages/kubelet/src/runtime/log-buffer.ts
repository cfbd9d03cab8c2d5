/**
 * A bounded ring buffer of one container instance's log lines. Followers get every line
 * appended after they subscribe and are told when the instance ends (`close`).
 */

export interface LogLine {
  /** ms since epoch */ time: number;
  text: string;
}

export type LogListener = (line: LogLine | null) => void;

export class LogBuffer {
  private readonly lines: LogLine[] = [];
  private readonly listeners = new Set<LogListener>();
  private closedFlag = false;

  /** Invariant: lines.length <= maxLines (oldest dropped first). */
  constructor(private readonly maxLines = 1000) {}

  append(time: number, text: string): void {
    if (this.closedFlag) return;
    for (const part of text.split('\n')) {
      const line = { time, text: part };
      this.lines.push(line);
      if (this.lines.length > this.maxLines) this.lines.shift();
      for (const l of this.listeners) l(line);
    }
  }

  /** Lines, oldest first, filtered by `sinceMs` (inclusive) and the last `tail` ones. */
  snapshot(opts: { tail?: number; sinceMs?: number } = {}): LogLine[] {
    let out = opts.sinceMs !== undefined ? this.lines.filter((l) => l.time >= opts.sinceMs!) : [...this.lines];
    if (opts.tail !== undefined && opts.tail >= 0) out = opts.tail === 0 ? [] : out.slice(-opts.tail);
    return out;
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
