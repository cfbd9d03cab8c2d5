/**
 * Pod workers (kubelet's podWorkers): syncs of one pod never overlap; updates that arrive
 * while a sync runs coalesce into one more sync afterwards. Different pods sync in parallel.
 * A failed sync is retried after `retryMs`.
 */
import type { Clock } from '@kemu/api';
import type { Logger } from 'pino';

interface WorkerState {
  running: boolean;
  pending: boolean;
  timer?: () => void;
  timerAt?: number;
}

export class PodWorkers {
  private readonly workers = new Map<string, WorkerState>();
  private readonly inflight = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly sync: (key: string) => Promise<void>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly retryMs = 1000,
  ) {}

  /** Requests a sync of key as soon as possible. */
  update(key: string): void {
    if (this.closed) return;
    const w = this.state(key);
    if (w.running) {
      w.pending = true;
      return;
    }
    const p = this.loop(key, w);
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  /** Requests a sync of key after ms (the earliest request wins). */
  updateAfter(key: string, ms: number): void {
    if (this.closed) return;
    if (ms <= 0) {
      this.update(key);
      return;
    }
    const w = this.state(key);
    const at = this.clock.now() + ms;
    if (w.timer && w.timerAt !== undefined && w.timerAt <= at) return;
    w.timer?.();
    w.timerAt = at;
    w.timer = this.clock.setTimeout(() => {
      w.timer = undefined;
      w.timerAt = undefined;
      this.update(key);
    }, ms);
  }

  /** Forgets a pod's worker (after its teardown); a later update starts a fresh one. */
  forget(key: string): void {
    const w = this.workers.get(key);
    if (w && !w.running && !w.pending) {
      w.timer?.();
      this.workers.delete(key);
    }
  }

  keys(): string[] {
    return [...this.workers.keys()];
  }

  /** Resolves when no sync is running (tests). */
  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.all([...this.inflight]);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.workers.values()) w.timer?.();
    await this.idle();
  }

  private state(key: string): WorkerState {
    let w = this.workers.get(key);
    if (!w) {
      w = { running: false, pending: false };
      this.workers.set(key, w);
    }
    return w;
  }

  private async loop(key: string, w: WorkerState): Promise<void> {
    w.running = true;
    try {
      do {
        w.pending = false;
        try {
          await this.sync(key);
        } catch (err) {
          this.log.warn({ err, pod: key }, 'pod sync failed; will retry');
          this.updateAfter(key, this.retryMs);
        }
      } while (w.pending && !this.closed);
    } finally {
      w.running = false;
    }
  }
}
