/**
 * One watch: a bounded queue between the store's event source and one consumer.
 *
 * A watcher starts "catching up": live events offered by the source are held aside while the
 * store replays history; `endCatchUp` then appends the held events. Every event is delivered
 * at most once and in revision order because anything at or below `last` is dropped.
 * A watcher that falls `capacity` events behind is ended with StorageError('Unavailable') so
 * the client re-watches from its last revision; the source is never blocked.
 */
import { StorageError, type StorageEvent } from './interfaces.js';

export const DEFAULT_WATCH_CAPACITY = 10_000;

export class Watcher implements AsyncIterableIterator<StorageEvent> {
  /** Highest revision queued or held; events at or below it are dropped. */
  private last: number;
  private readonly queue: StorageEvent[] = [];
  private head = 0;
  private held: StorageEvent[] | undefined = [];
  /**
   * Replayed events still queued. They sit at the front of the queue (live events are held
   * until the replay ends) and do not count against `capacity`: history is bounded elsewhere.
   */
  private replayed = 0;
  private waiter: { resolve: (r: IteratorResult<StorageEvent>) => void; reject: (e: unknown) => void } | undefined;
  private error: unknown;
  private ended = false;
  private closed = false;
  private readonly onAbort = () => this.close();

  constructor(
    readonly prefix: string,
    fromRevision: number,
    private readonly capacity: number,
    private readonly signal: AbortSignal,
    private readonly unregister: (w: Watcher) => void,
  ) {
    this.last = fromRevision;
    if (signal.aborted) this.closed = true;
    else signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** True once the consumer can receive nothing more (closed, aborted or failed). */
  get done(): boolean {
    return this.closed || this.ended;
  }

  /** Moves the starting point (used when "from now" is resolved after construction). */
  setFrom(revision: number): void {
    if (this.held && this.queue.length === 0) this.last = revision;
  }

  /** A live event from the source; filtered by prefix and revision. */
  offer(ev: StorageEvent): void {
    if (this.closed || this.ended || ev.revision <= this.last || !ev.key.startsWith(this.prefix)) return;
    if (this.held) {
      if (this.held.length >= this.capacity) return this.fail(overflow());
      this.held.push(ev);
      return;
    }
    this.enqueue(ev);
  }

  /** A historical event, replayed while catching up. */
  replay(ev: StorageEvent): void {
    if (this.closed || this.ended || ev.revision <= this.last || !ev.key.startsWith(this.prefix)) return;
    if (this.deliver(ev)) return;
    this.replayed++;
    this.queue.push(ev);
  }

  endCatchUp(): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    for (const ev of held) if (ev.revision > this.last) this.enqueue(ev);
  }

  /** Ends the watch with an error, after the events already queued. */
  fail(err: unknown): void {
    if (this.closed || this.ended) return;
    this.ended = true;
    this.error = err;
    this.held = undefined;
    this.detach();
    this.wake();
  }

  /** Ends the watch without error; idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.held = undefined;
    this.queue.length = 0;
    this.head = 0;
    this.detach();
    this.wake();
  }

  next(): Promise<IteratorResult<StorageEvent>> {
    if (this.head < this.queue.length) return Promise.resolve({ value: this.dequeue(), done: false });
    if (this.error !== undefined) {
      const err = this.error;
      this.error = undefined;
      this.closed = true;
      return Promise.reject(err);
    }
    if (this.closed || this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<StorageEvent>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private enqueue(ev: StorageEvent): void {
    if (this.queue.length - this.head - this.replayed >= this.capacity) return this.fail(overflow());
    if (!this.deliver(ev)) this.queue.push(ev);
  }

  /** Records ev as the last revision; hands it straight to a waiting consumer if there is one. */
  private deliver(ev: StorageEvent): boolean {
    this.last = ev.revision;
    const w = this.waiter;
    if (!w) return false;
    this.waiter = undefined;
    w.resolve({ value: ev, done: false });
    return true;
  }

  private dequeue(): StorageEvent {
    const ev = this.queue[this.head];
    this.queue[this.head++] = undefined as unknown as StorageEvent;
    if (this.replayed > 0) this.replayed--;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return ev;
  }

  private wake(): void {
    const w = this.waiter;
    if (!w) return;
    this.waiter = undefined;
    if (this.head < this.queue.length) return w.resolve({ value: this.dequeue(), done: false });
    if (this.error !== undefined) {
      const err = this.error;
      this.error = undefined;
      this.closed = true;
      return w.reject(err);
    }
    w.resolve({ value: undefined, done: true });
  }

  private detach(): void {
    this.signal.removeEventListener('abort', this.onAbort);
    this.unregister(this);
  }
}

function overflow(): StorageError {
  return new StorageError('Unavailable', 'watcher fell too far behind and was closed; watch again from the last revision');
}
