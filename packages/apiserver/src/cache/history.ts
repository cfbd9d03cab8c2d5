/**
 * A watch cache's event history: a ring buffer in revision order. It keeps at least `windowMs`
 * of events and never more than `maxEvents`; events older than the window are dropped once more
 * than `minEvents` are held (kube-apiserver keeps ≥ 75 s, up to 100·1024 events).
 *
 * Invariant: every event of the resource with revision > `floor` is in the buffer, so any state
 * or watch starting at a revision ≥ floor can be rebuilt from it.
 *
 * Memory returns after a burst: `expire(now)` (the cacher calls it periodically, writes or not)
 * drops what the window no longer covers and shrinks the ring to fit what is left.
 */
import type { CacheEvent } from './cache-event.js';

const MIN_CAPACITY = 64;

export interface HistoryOptions {
  /** Default 75 000 ms. */
  windowMs?: number;
  /** Default 100 × 1024. */
  maxEvents?: number;
  /** Events kept even when older than the window. Default 1024. */
  minEvents?: number;
}

export class History {
  private buf: (CacheEvent | undefined)[];
  private start = 0;
  private count = 0;
  private readonly windowMs: number;
  private readonly maxEvents: number;
  private readonly minEvents: number;

  constructor(
    public floor: number,
    opts: HistoryOptions = {},
  ) {
    this.windowMs = opts.windowMs ?? 75_000;
    this.maxEvents = Math.max(1, opts.maxEvents ?? 100 * 1024);
    this.minEvents = Math.min(this.maxEvents, opts.minEvents ?? 1024);
    this.buf = new Array(Math.min(this.maxEvents, MIN_CAPACITY));
  }

  get size(): number {
    return this.count;
  }

  /** Appends ev (revisions strictly increase), then evicts what the bounds allow. */
  push(ev: CacheEvent, now: number): void {
    if (this.count === this.buf.length) this.grow();
    if (this.count === this.buf.length) this.evictOne();
    this.buf[(this.start + this.count) % this.buf.length] = ev;
    this.count++;
    while (this.count > this.minEvents && this.at(0).time < now - this.windowMs) this.evictOne();
  }

  at(i: number): CacheEvent {
    return this.buf[(this.start + i) % this.buf.length]!;
  }

  /** Index of the first event with revision > rev (binary search). */
  firstAfter(rev: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid).revision <= rev) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Events with revision > rev, oldest first. The caller checks rev ≥ floor. */
  since(rev: number): CacheEvent[] {
    const out: CacheEvent[] = [];
    for (let i = this.firstAfter(rev); i < this.count; i++) out.push(this.at(i));
    return out;
  }

  /** The ring's slot count (grows by doubling up to maxEvents, shrinks in expire). */
  get capacity(): number {
    return this.buf.length;
  }

  /**
   * Drops events older than the window (keeping minEvents) without waiting for the next push,
   * then shrinks the ring when it is at most a quarter full, to twice what it holds.
   */
  expire(now: number): void {
    while (this.count > this.minEvents && this.at(0).time < now - this.windowMs) this.evictOne();
    if (this.buf.length <= MIN_CAPACITY || this.count * 4 > this.buf.length) return;
    const next: (CacheEvent | undefined)[] = new Array(Math.max(MIN_CAPACITY, this.count * 2));
    for (let i = 0; i < this.count; i++) next[i] = this.at(i);
    this.buf = next;
    this.start = 0;
  }

  private evictOne(): void {
    const ev = this.at(0);
    this.buf[this.start] = undefined;
    this.start = (this.start + 1) % this.buf.length;
    this.count--;
    this.floor = ev.revision;
  }

  private grow(): void {
    if (this.buf.length >= this.maxEvents) return;
    const next: (CacheEvent | undefined)[] = new Array(Math.min(this.maxEvents, this.buf.length * 2));
    for (let i = 0; i < this.count; i++) next[i] = this.at(i);
    this.buf = next;
    this.start = 0;
  }
}
