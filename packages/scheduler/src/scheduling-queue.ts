/**
 * The scheduling queue, kube-scheduler's three parts:
 * - activeQ: pods ready to be tried, highest priority first, then oldest first;
 * - backoffQ: pods that failed and wait out a per-pod exponential backoff;
 * - unschedulablePods: pods no node fits; they move back on a cluster event that may make them
 *   fit (a node added or changed, a pod deleted), or after `unschedulableTimeoutMs` regardless.
 * A move request that arrives while a pod is being scheduled sends that pod, if it then turns
 * out unschedulable, to backoffQ rather than unschedulablePods, so the event is not lost.
 */
import { objectKey, type Clock, type Pod } from '@kemu/api';

export interface QueuedPodInfo {
  readonly key: string;
  pod: Pod;
  /** Times popped for scheduling. */
  attempts: number;
  /** When the pod first entered the queue (ordering and metrics). */
  readonly initialAttemptTimestamp: number;
  /** When it was last added to the queue or last failed. */
  timestamp: number;
  /** Plugins that rejected it last time (informational). */
  unschedulablePlugins: Set<string>;
}

export interface SchedulingQueueOptions {
  clock: Clock;
  /** Default 1 s, cap 10 s, as kube-scheduler's podInitialBackoffSeconds/podMaxBackoffSeconds. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long a pod may sit in unschedulablePods without an event (default 5 min). */
  unschedulableTimeoutMs?: number;
}

type Where = 'active' | 'backoff' | 'unschedulable' | 'inFlight';

interface Entry {
  info: QueuedPodInfo;
  where: Where;
  cancelTimer?: () => void;
  cycle?: number;
}

function priority(pod: Pod): number {
  return pod.spec.priority ?? 0;
}

export class SchedulingQueue {
  private readonly clock: Clock;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly unschedulableTimeoutMs: number;
  private readonly entries = new Map<string, Entry>();
  /** Keys in activeQ order. */
  private active: string[] = [];
  private waiters: (() => void)[] = [];
  private closed = false;
  private cycle = 0;
  /** The scheduling cycle in which the last move request happened. */
  private moveRequestCycle = -1;

  constructor(opts: SchedulingQueueOptions) {
    this.clock = opts.clock;
    this.initialBackoffMs = opts.initialBackoffMs ?? 1_000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 10_000;
    this.unschedulableTimeoutMs = opts.unschedulableTimeoutMs ?? 5 * 60_000;
  }

  /** A new pending pod. */
  add(pod: Pod): void {
    const key = objectKey(pod);
    const e = this.entries.get(key);
    if (e) {
      e.info.pod = pod;
      return;
    }
    const now = this.clock.now();
    const info: QueuedPodInfo = { key, pod, attempts: 0, initialAttemptTimestamp: now, timestamp: now, unschedulablePlugins: new Set() };
    this.entries.set(key, { info, where: 'active' });
    this.pushActive(key);
  }

  /** A pending pod changed; a change to its spec, labels or annotations gives it another try at once. */
  update(oldPod: Pod, pod: Pod): void {
    const key = objectKey(pod);
    const e = this.entries.get(key);
    if (!e) {
      this.add(pod);
      return;
    }
    e.info.pod = pod;
    if (e.where === 'unschedulable' && specChanged(oldPod, pod)) {
      this.moveTo(e, this.backoffDone(e.info) ? 'active' : 'backoff');
    }
  }

  delete(pod: Pod): void {
    const key = objectKey(pod);
    const e = this.entries.get(key);
    if (!e) return;
    e.cancelTimer?.();
    this.entries.delete(key);
    if (e.where === 'active') this.active = this.active.filter((k) => k !== key);
  }

  /** Waits for the next pod to schedule; undefined once closed. */
  async pop(signal?: AbortSignal): Promise<QueuedPodInfo | undefined> {
    while (!this.closed && !signal?.aborted) {
      const key = this.active.shift();
      if (key !== undefined) {
        const e = this.entries.get(key);
        if (!e || e.where !== 'active') continue;
        e.where = 'inFlight';
        e.cycle = ++this.cycle;
        e.info.attempts++;
        return e.info;
      }
      await new Promise<void>((resolve) => {
        const onAbort = () => resolve();
        this.waiters.push(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        });
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    return undefined;
  }

  /** The pod popped last left the scheduling cycle because it is bound or assumed. */
  done(key: string): void {
    const e = this.entries.get(key);
    if (e?.where === 'inFlight') this.entries.delete(key);
  }

  /**
   * The pod just failed. `unschedulable`: no node fits (waits for an event unless one came in
   * during its cycle); otherwise an error, retried after backoff.
   */
  requeue(info: QueuedPodInfo, unschedulable: boolean, plugins: Iterable<string> = []): void {
    const e = this.entries.get(info.key);
    if (!e || e.where !== 'inFlight') return;
    info.timestamp = this.clock.now();
    info.unschedulablePlugins = new Set(plugins);
    if (unschedulable && this.moveRequestCycle < (e.cycle ?? 0)) this.moveTo(e, 'unschedulable');
    else this.moveTo(e, 'backoff');
  }

  /** A cluster event that may make unschedulable pods fit. */
  moveAllToActiveOrBackoff(): void {
    this.moveRequestCycle = this.cycle;
    for (const e of this.entries.values()) {
      if (e.where === 'unschedulable') this.moveTo(e, this.backoffDone(e.info) ? 'active' : 'backoff');
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const e of this.entries.values()) e.cancelTimer?.();
    this.wake();
  }

  /** Counts per sub-queue, for tests and logs. */
  stats(): Record<Where, number> {
    const s: Record<Where, number> = { active: 0, backoff: 0, unschedulable: 0, inFlight: 0 };
    for (const e of this.entries.values()) s[e.where]++;
    return s;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  backoffMs(info: QueuedPodInfo): number {
    return Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** Math.max(0, info.attempts - 1));
  }

  private backoffDone(info: QueuedPodInfo): boolean {
    return this.clock.now() >= info.timestamp + this.backoffMs(info);
  }

  private moveTo(e: Entry, where: Exclude<Where, 'inFlight'>): void {
    e.cancelTimer?.();
    e.cancelTimer = undefined;
    if (e.where === 'active') this.active = this.active.filter((k) => k !== e.info.key);
    e.where = where;
    const key = e.info.key;
    if (where === 'active') {
      this.pushActive(key);
    } else if (where === 'backoff') {
      const wait = Math.max(0, e.info.timestamp + this.backoffMs(e.info) - this.clock.now());
      e.cancelTimer = this.clock.setTimeout(() => {
        if (this.entries.get(key) === e && e.where === 'backoff') this.moveTo(e, 'active');
      }, wait);
    } else {
      e.cancelTimer = this.clock.setTimeout(() => {
        if (this.entries.get(key) === e && e.where === 'unschedulable') this.moveTo(e, 'active');
      }, this.unschedulableTimeoutMs);
    }
  }

  private pushActive(key: string): void {
    const e = this.entries.get(key)!;
    const p = priority(e.info.pod);
    let i = this.active.length;
    while (i > 0) {
      const prev = this.entries.get(this.active[i - 1])!.info;
      const pp = priority(prev.pod);
      if (pp > p || (pp === p && prev.timestamp <= e.info.timestamp)) break;
      i--;
    }
    this.active.splice(i, 0, key);
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

function specChanged(a: Pod, b: Pod): boolean {
  return (
    JSON.stringify([a.spec, a.metadata.labels, a.metadata.annotations]) !==
    JSON.stringify([b.spec, b.metadata.labels, b.metadata.annotations])
  );
}
