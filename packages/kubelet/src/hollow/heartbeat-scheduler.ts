/**
 * One timer for every node heartbeat of a hollow-node process. Each registered beat (a node's
 * Lease renewal and status check) runs once right away, then every `intervalMs` stretched by up
 * to `jitter` (kubelet's JitterUntil, 4 %), so nodes that registered together drift apart instead
 * of renewing in lock-step. A failed beat is retried sooner, backing off from 200 ms up to the
 * interval, like NodeLeaseController.run. A beat never overlaps itself: its next turn is
 * scheduled when it settles, so a slow apiserver delays heartbeats instead of piling them up.
 *
 * Entries wait in a binary heap ordered by due time; only the earliest has a timer.
 */
import type { Clock } from '@kemu/api';
import type { Logger } from 'pino';

/** What a kubelet needs to hand its heartbeat to a shared scheduler. */
export interface Heartbeats {
  /** Runs beat now and then periodically until signal aborts. */
  add(beat: () => Promise<void>, signal: AbortSignal, name?: string): void;
}

export interface HeartbeatSchedulerOptions {
  clock: Clock;
  intervalMs: number;
  /** Extra delay as a fraction of the interval, uniformly drawn per turn. Default 0.04. */
  jitter?: number;
  random?: () => number;
  log?: Logger;
}

interface Entry {
  due: number;
  seq: number;
  name?: string;
  beat: () => Promise<void>;
  signal: AbortSignal;
  failDelay: number;
  failing: boolean;
}

const FIRST_RETRY_MS = 200;

export class HeartbeatScheduler implements Heartbeats {
  private readonly heap: Entry[] = [];
  private seq = 0;
  private cancelTimer?: () => void;
  private timerAt = Infinity;
  private closed = false;
  private running = 0;
  private beats = 0;
  private failures = 0;

  constructor(private readonly o: HeartbeatSchedulerOptions) {
    if (!(o.intervalMs > 0)) throw new Error(`heartbeat interval must be positive (got ${o.intervalMs})`);
  }

  add(beat: () => Promise<void>, signal: AbortSignal, name?: string): void {
    if (this.closed || signal.aborted) return;
    this.push({ due: this.o.clock.now(), seq: this.seq++, name, beat, signal, failDelay: FIRST_RETRY_MS, failing: false });
  }

  /** Registered beats (waiting or running), beats run and failed so far. */
  stats(): { scheduled: number; running: number; beats: number; failures: number } {
    return { scheduled: this.heap.length + this.running, running: this.running, beats: this.beats, failures: this.failures };
  }

  close(): void {
    this.closed = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.heap.length = 0;
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
    this.arm();
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1,
          r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }

  /** Keeps one timer, at the earliest due time. */
  private arm(): void {
    if (this.closed || this.heap.length === 0) return;
    const due = this.heap[0].due;
    if (this.cancelTimer && this.timerAt <= due) return;
    this.cancelTimer?.();
    this.timerAt = due;
    this.cancelTimer = this.o.clock.setTimeout(() => this.fire(), Math.max(0, due - this.o.clock.now()));
  }

  private fire(): void {
    this.cancelTimer = undefined;
    this.timerAt = Infinity;
    const now = this.o.clock.now();
    while (!this.closed && this.heap.length > 0 && this.heap[0].due <= now) {
      const e = this.pop()!;
      if (!e.signal.aborted) void this.runBeat(e);
    }
    this.arm();
  }

  private async runBeat(e: Entry): Promise<void> {
    const { clock, intervalMs } = this.o;
    this.running++;
    let wait: number;
    try {
      await e.beat();
      this.beats++;
      if (e.failing) this.o.log?.info({ node: e.name }, 'heartbeat recovered');
      e.failing = false;
      e.failDelay = FIRST_RETRY_MS;
      wait = intervalMs * (1 + (this.o.jitter ?? 0.04) * (this.o.random ?? Math.random)());
    } catch (err) {
      this.failures++;
      if (!e.failing) this.o.log?.warn({ err, node: e.name }, 'heartbeat failed; retrying');
      e.failing = true;
      wait = e.failDelay;
      e.failDelay = Math.min(e.failDelay * 2, intervalMs);
    } finally {
      this.running--;
    }
    if (this.closed || e.signal.aborted) return;
    e.due = clock.now() + wait;
    e.seq = this.seq++;
    this.push(e);
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}
