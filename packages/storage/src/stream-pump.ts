/**
 * The one reader of the `{c}log` stream in a process: an `XREAD BLOCK` loop on a dedicated
 * connection that decodes each entry once and offers it to every registered watcher.
 *
 * Invariant: every entry with revision ≤ `position` has been offered to every watcher that was
 * registered when it arrived; later entries will be. A watcher that registers and then replays
 * history up to `position` therefore misses nothing. The pump never waits for a watcher.
 * When Redis is unreachable it retries with backoff and resumes after `position`.
 */
import type { Redis } from 'ioredis';
import type { Clock } from '@kemu/api';
import type { StorageEvent } from './interfaces.js';
import type { StoreLogger } from './managed-store.js';
import type { Watcher } from './watcher.js';
import { storageEvent } from './storage-event.js';
import { compactedError } from './errors.js';

const TYPES: Record<number, StorageEvent['type']> = { 65: 'ADDED', 77: 'MODIFIED', 68: 'DELETED' };

/** Parses one stream entry (`<rev>-0`, [t, k, v, p, q?]) into an event; `q` (the previous value) is only in entries older stores wrote. */
export function parseEntry(id: Buffer, fields: Buffer[]): StorageEvent {
  const revision = parseInt(id.toString('latin1'), 10);
  let type: StorageEvent['type'] = 'ADDED';
  let key = '';
  let value: Buffer = Buffer.alloc(0);
  let prevRevision = 0;
  let prevValue: Buffer | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const x = fields[i + 1];
    switch (fields[i][0]) {
      case 0x74:
        type = TYPES[x[0]];
        break; // t
      case 0x6b:
        key = x.toString('utf8');
        break; // k
      case 0x76:
        value = x;
        break; // v
      case 0x70:
        prevRevision = parseInt(x.toString('latin1'), 10);
        break; // p
      case 0x71:
        prevValue = x;
        break; // q
    }
  }
  return storageEvent(type, key, revision, value, prevRevision, prevValue);
}

export interface StreamPumpOptions {
  clock: Clock;
  logger?: StoreLogger;
  /** Entries per XREAD. Default 1000. */
  batch?: number;
  /** XREAD BLOCK timeout. Default 5000 ms. */
  blockMs?: number;
  /** Told the last revision of every batch read. */
  onRevision?: (revision: number) => void;
}

export class StreamPump {
  private readonly watchers = new Set<Watcher>();
  private pos = 0;
  private starting: Promise<number> | undefined;
  private readonly stopping = new AbortController();
  private loopDone: Promise<void> = Promise.resolve();

  constructor(
    private readonly conn: Redis,
    private readonly stream: string,
    /** Reads the current global revision: where a fresh pump starts. */
    private readonly currentRevision: () => Promise<number>,
    private readonly opts: StreamPumpOptions,
  ) {}

  /** The revision up to which events have been offered. */
  get position(): number {
    return this.pos;
  }

  /** Starts the pump once; resolves when `position` is valid. */
  start(): Promise<number> {
    this.starting ??= this.currentRevision().then(
      (rev) => {
        this.pos = rev;
        this.loopDone = this.loop();
        return rev;
      },
      (err) => {
        this.starting = undefined;
        throw err;
      },
    );
    return this.starting;
  }

  add(w: Watcher): void {
    this.watchers.add(w);
  }
  delete(w: Watcher): void {
    this.watchers.delete(w);
  }

  /** Ends every watcher with err (used when history they need is gone). */
  failAll(err: unknown): void {
    for (const w of [...this.watchers]) w.fail(err);
  }

  /** Restarts from `revision`, e.g. after Redis came back without its history. */
  reset(revision: number): void {
    this.pos = revision;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    for (const w of [...this.watchers]) w.close();
    this.conn.disconnect();
    await this.loopDone;
  }

  private async loop(): Promise<void> {
    const { clock, logger } = this.opts;
    const batch = this.opts.batch ?? 1000;
    const blockMs = this.opts.blockMs ?? 5000;
    const signal = this.stopping.signal;
    let backoff = 0;
    while (!signal.aborted) {
      let reply: [Buffer, [Buffer, Buffer[]][]][] | null;
      try {
        reply = (await this.conn.xreadBuffer('COUNT', batch, 'BLOCK', blockMs, 'STREAMS', this.stream, `${this.pos}-0`)) as typeof reply;
        if (backoff > 0) logger?.info?.({ position: this.pos }, 'reading the event stream again');
        backoff = 0;
      } catch (err) {
        if (signal.aborted) break;
        if (backoff === 0) logger?.warn({ err, position: this.pos }, 'reading the event stream failed; retrying until it works');
        backoff = Math.min(Math.max(backoff * 2, 50), 1000);
        await clock.sleep(backoff, signal);
        continue;
      }
      if (!reply) continue;
      for (const [, entries] of reply) {
        for (const [id, fields] of entries) this.dispatch(parseEntry(id, fields));
      }
      this.opts.onRevision?.(this.pos);
    }
  }

  private dispatch(ev: StorageEvent): void {
    if (ev.revision <= this.pos) return;
    if (ev.revision !== this.pos + 1) {
      // Entries between were trimmed before we read them: nobody registered can be complete.
      this.failAll(compactedError(this.pos, ev.revision - 1));
    }
    this.pos = ev.revision;
    for (const w of this.watchers) w.offer(ev);
  }
}
