/**
 * The kubelet's per-container back-off behind CrashLoopBackOff and ImagePullBackOff (client-go's
 * flowcontrol.Backoff, keyed by pod uid and container): the first failure is retried at once,
 * later ones wait initial, 2×initial, … up to max. An entry idle for 2×max is forgotten.
 * Not wait.Backoff: that is a sequence of delays for one retry loop (see @kemu/api's wait/).
 */
import type { Clock } from '@kemu/api';

interface Entry {
  durationMs: number;
  lastUpdate: number;
}

export class ContainerBackoff {
  private readonly entries = new Map<string, Entry>();
  constructor(
    private readonly clock: Clock,
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {}

  /** The current backoff duration of key (0 when none). */
  get(key: string): number {
    return this.entry(key)?.durationMs ?? 0;
  }

  /** Records a retry: starts at initial, doubles up to max. */
  next(key: string): void {
    const e = this.entry(key);
    const now = this.clock.now();
    if (!e) this.entries.set(key, { durationMs: this.initialMs, lastUpdate: now });
    else {
      e.durationMs = Math.min(e.durationMs * 2, this.maxMs);
      e.lastUpdate = now;
    }
  }

  /** Milliseconds left of key's backoff counted from `since` (0 = not in backoff). */
  remaining(key: string, since: number): number {
    const e = this.entry(key);
    if (!e) return 0;
    return Math.max(0, since + e.durationMs - this.clock.now());
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every key starting with prefix (a pod going away). */
  resetPrefix(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }

  private entry(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (e && this.clock.now() - e.lastUpdate > 2 * this.maxMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }
}
