/**
 * One watch served from a watch cache: a bounded queue of ready-to-write frames between the
 * cache's dispatcher and one HTTP response (kube-apiserver's cacheWatcher).
 *
 * The dispatcher never waits for a watcher: a live event is encoded (the frame shared with every
 * watcher of the same encoding) and queued; when a client stops reading its socket, frames pile
 * up to `capacity` and the watcher is then closed — the client re-watches from its last
 * resourceVersion. The initial state and replayed history are not queued: they are encoded
 * lazily from a snapshot while the client keeps reading, so their size needs no bound here.
 * Frames go out in order: initial items, then the initial-events-end bookmark, then the queue.
 */
import type { Clock, Status } from '@kemu/api';
import { CacheEvent } from './cache-event.js';
import type { CachedObject } from './cached-object.js';
import type { WatchEncoder } from './watch-encoder.js';

/** Where frames go (an HTTP response in production). */
export interface WatchSink {
  /** Writes one frame; false = the client is not keeping up: wait for onDrain before more. */
  write(frame: Buffer): boolean;
  onDrain(fn: () => void): void;
  end(): void;
  /** Optional batching around a burst of writes. */
  cork?(): void;
  uncork?(): void;
}

export interface CacheWatcherOptions {
  /** Only keys under this prefix (a namespace, or the whole resource). */
  prefix: string;
  /** The selector; undefined = everything. */
  matches?: (o: CachedObject) => boolean;
  /** A `field=value` the selector requires, to index the watcher by (see WatchCache). */
  index?: { field: string; value: string };
  encoder: WatchEncoder;
  sink: WatchSink;
  /** Live frames queued before the watcher is closed. */
  capacity: number;
  clock: Clock;
  /** Bookmarks every this many ms (and just before the deadline); undefined = none. */
  bookmarkIntervalMs?: number;
  /** Clock time the watch ends (timeoutSeconds); undefined = none. */
  deadline?: number;
  /** The cache's current revision, for bookmarks. */
  revision: () => number;
  /** Called once when the watcher closes, whatever the cause. */
  onClose: (w: CacheWatcher) => void;
}

/** kube-apiserver sends the last bookmark this long before the watch's deadline. */
const PRE_TIMEOUT_BOOKMARK_MS = 2_000;

export class CacheWatcher {
  readonly prefix: string;
  readonly index: { field: string; value: string } | undefined;
  private readonly matches: ((o: CachedObject) => boolean) | undefined;
  private initial: readonly (CachedObject | CacheEvent)[] = [];
  private initialAt = 0;
  private initialEnd: Buffer | undefined;
  private queue: Buffer[] = [];
  private head = 0;
  private waitingForDrain = false;
  private flushing = false;
  private flushScheduled = false;
  private endAfterFlush = false;
  private started = false;
  private closedFlag = false;
  private cancelBookmark: (() => void) | undefined;
  /** Why the watcher closed: 'client', 'overflow', 'error', 'timeout'. */
  closeReason: string | undefined;

  constructor(private readonly opts: CacheWatcherOptions) {
    this.prefix = opts.prefix;
    this.index = opts.index;
    this.matches = opts.matches;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Live frames waiting for the client. */
  get backlog(): number {
    return this.queue.length - this.head;
  }

  /**
   * Starts output: `initial` objects are sent as ADDED and `initial` events as themselves (both
   * filtered), then, if `initialEndRevision` is set, the initial-events-end bookmark.
   */
  start(initial: readonly (CachedObject | CacheEvent)[], initialEndRevision?: number): void {
    if (this.closedFlag) return;
    this.started = true;
    this.initial = initial;
    if (initialEndRevision !== undefined) {
      this.initialEnd = this.opts.encoder.bookmark(initialEndRevision, { 'k8s.io/initial-events-end': 'true' });
    }
    this.scheduleBookmark();
    this.flush();
  }

  /** A live event from the cache; `shared` caches frames across the watchers of one dispatch. */
  offer(ev: CacheEvent, shared: Map<string, Buffer>): void {
    if (this.closedFlag || !ev.key.startsWith(this.prefix)) return;
    const seen = ev.seenThrough(this.matches);
    if (!seen) return;
    this.enqueue(this.opts.encoder.event(seen.type, seen.object, shared, seen.transition));
  }

  /** Ends the watch with an ERROR event after what is already queued. */
  fail(status: Status): void {
    if (this.closedFlag || this.endAfterFlush) return;
    this.queue.push(this.opts.encoder.error(status));
    this.endAfterFlush = true;
    this.flush();
  }

  /** Ends the watch now; idempotent. */
  close(reason = 'client'): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.closeReason = reason;
    this.cancelBookmark?.();
    this.queue = [];
    this.head = 0;
    this.initial = [];
    try {
      this.opts.sink.end();
    } finally {
      this.opts.onClose(this);
    }
  }

  private enqueue(frame: Buffer): void {
    if (this.endAfterFlush) return;
    if (this.behind()) return this.close('overflow');
    this.queue.push(frame);
    this.scheduleFlush();
  }

  /**
   * True when the client is not keeping up: `capacity` frames wait while its socket refuses more
   * (or before the watch has started). Frames queued in this turn of the event loop and not yet
   * offered to the socket do not count against it.
   */
  private behind(): boolean {
    return this.backlog >= this.opts.capacity && (this.waitingForDrain || !this.started);
  }

  /**
   * Live frames are written once per turn of the event loop, not once per event: a burst of
   * events (one stream read can carry hundreds) then costs each watcher one socket write instead
   * of one per event. setImmediate runs right after the I/O that delivered the events.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private scheduleBookmark(): void {
    const { bookmarkIntervalMs, clock, deadline } = this.opts;
    if (bookmarkIntervalMs === undefined || this.closedFlag) return;
    const now = clock.now();
    let at = now + bookmarkIntervalMs;
    if (deadline !== undefined && deadline - PRE_TIMEOUT_BOOKMARK_MS < at) at = deadline - PRE_TIMEOUT_BOOKMARK_MS;
    if (at <= now) return;
    this.cancelBookmark = clock.setTimeout(() => {
      this.cancelBookmark = undefined;
      // A watcher that is behind gets no bookmark: it would only add to its backlog.
      if (!this.closedFlag && !this.endAfterFlush && this.backlog === 0 && this.initialDone()) {
        this.enqueue(this.opts.encoder.bookmark(this.opts.revision()));
      }
      this.scheduleBookmark();
    }, at - now);
  }

  private initialDone(): boolean {
    return this.initialAt >= this.initial.length && this.initialEnd === undefined;
  }

  private nextFrame(): Buffer | undefined {
    while (this.initialAt < this.initial.length) {
      const item = this.initial[this.initialAt++];
      if (item instanceof CacheEvent) {
        if (!item.key.startsWith(this.prefix)) continue;
        const seen = item.seenThrough(this.matches);
        if (seen) return this.opts.encoder.event(seen.type, seen.object, undefined, seen.transition);
      } else if (item.key.startsWith(this.prefix) && (!this.matches || this.matches(item))) {
        return this.opts.encoder.event('ADDED', item, undefined, false);
      }
    }
    if (this.initialEnd) {
      const f = this.initialEnd;
      this.initialEnd = undefined;
      return f;
    }
    if (this.head < this.queue.length) {
      const f = this.queue[this.head];
      this.queue[this.head++] = undefined as unknown as Buffer;
      if (this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
      } else if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      return f;
    }
    return undefined;
  }

  private flush(): void {
    if (!this.started || this.waitingForDrain || this.flushing || this.closedFlag) return;
    this.flushing = true;
    const sink = this.opts.sink;
    sink.cork?.();
    try {
      for (;;) {
        const frame = this.nextFrame();
        if (!frame) break;
        if (!sink.write(frame)) {
          this.waitingForDrain = true;
          if (this.behind()) return this.close('overflow');
          sink.onDrain(() => {
            this.waitingForDrain = false;
            this.flush();
          });
          break;
        }
        if (this.closedFlag) break;
      }
    } finally {
      this.flushing = false;
      sink.uncork?.();
    }
    if (!this.waitingForDrain && this.endAfterFlush && this.initialDone() && this.backlog === 0) this.close('error');
  }
}
