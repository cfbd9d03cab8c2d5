/**
 * The back-off before `kemu supervise` starts a component again: the kubelet's for a static
 * pod's container (CrashLoopBackOff) — 10 s, doubling to 5 min, back to 10 s once a run lasted
 * 10 min. The fast profile scales it like its other durations: the profile's CrashLoopBackOff
 * start and cap (1 s → 10 s), reset after a run of twice the cap (20 s), as 10 min is twice 5 min.
 */
import { timingsFor } from '@kemu/api';

export interface RestartBackoff {
  initialMs: number;
  maxMs: number;
  /** A run at least this long starts the back-off over. */
  resetAfterMs: number;
}

export function restartBackoffFor(profile: string): RestartBackoff {
  const t = timingsFor(profile);
  return { initialMs: t.backoffInitialMs, maxMs: t.backoffMaxMs, resetAfterMs: 2 * t.backoffMaxMs };
}

/** The delay before the next start, given the previous delay (none yet: undefined) and how long the last run lasted. */
export function nextRestartDelay(b: RestartBackoff, previousMs: number | undefined, ranMs: number): number {
  if (previousMs === undefined || ranMs >= b.resetAfterMs) return b.initialMs;
  return Math.min(previousMs * 2, b.maxMs);
}
