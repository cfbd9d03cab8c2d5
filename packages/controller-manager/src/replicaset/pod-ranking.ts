/**
 * Which surplus pods a replica controller deletes first (controller.ActivePodsWithRanks):
 * unscheduled < scheduled; Pending < Unknown < Running; not ready < ready; ready for less time
 * (log scale) < longer; more restarts < fewer; newer < older.
 */
import type { Pod } from '@kemu/api';
import { isPodReady, podReadySince } from '../pod-util.js';

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function restarts(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

function created(pod: Pod): number {
  const t = pod.metadata.creationTimestamp ? Date.parse(pod.metadata.creationTimestamp) : NaN;
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

/** Negative when `a` should be deleted before `b`. */
export function compareForDeletion(a: Pod, b: Pod, now: number): number {
  const sa = a.spec.nodeName ? 1 : 0,
    sb = b.spec.nodeName ? 1 : 0;
  if (sa !== sb) return sa - sb;
  const pa = PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0,
    pb = PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a) ? 1 : 0,
    rb = isPodReady(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  if (ra && rb) {
    // Compare how long each has been ready on a log2 scale of seconds, like Kubernetes.
    const la = logBucket(now - (podReadySince(a) ?? now)),
      lb = logBucket(now - (podReadySince(b) ?? now));
    if (la !== lb) return la - lb;
  }
  const xa = restarts(a),
    xb = restarts(b);
  if (xa !== xb) return xb - xa;
  const ca = created(a),
    cb = created(b);
  if (ca !== cb) return cb - ca;
  return 0;
}

function logBucket(ms: number): number {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s === 0 ? 0 : Math.floor(Math.log2(s)) + 1;
}

/** The `n` pods to delete, best candidates first. */
export function podsToDelete(pods: Pod[], n: number, now: number): Pod[] {
  if (n >= pods.length) return [...pods];
  return [...pods].sort((a, b) => compareForDeletion(a, b, now)).slice(0, n);
}
