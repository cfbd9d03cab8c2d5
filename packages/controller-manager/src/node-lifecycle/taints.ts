/**
 * The taints the node-lifecycle controller owns. Toleration matching (taints.ts) and the taint keys
 * (well-known.ts) are @kemu/api's, shared with the scheduler.
 */
import type { Node, Taint } from '@kemu/api';
import {
  TAINT_DISK_PRESSURE,
  TAINT_MEMORY_PRESSURE,
  TAINT_NETWORK_UNAVAILABLE,
  TAINT_NOT_READY,
  TAINT_PID_PRESSURE,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
  getCondition,
} from '@kemu/api';

/** Node condition (when True) → the NoSchedule taint it implies (TaintNodesByCondition). */
const CONDITION_TAINTS: Record<string, string> = {
  MemoryPressure: TAINT_MEMORY_PRESSURE,
  DiskPressure: TAINT_DISK_PRESSURE,
  PIDPressure: TAINT_PID_PRESSURE,
  NetworkUnavailable: TAINT_NETWORK_UNAVAILABLE,
};

const MANAGED_KEYS = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE, ...Object.values(CONDITION_TAINTS)]);

/** The taints (key:effect) the node's state calls for, among those this controller manages. */
export function desiredManagedTaints(node: Node): { key: string; effect: Taint['effect'] }[] {
  const out: { key: string; effect: Taint['effect'] }[] = [];
  const ready = getCondition(node.status?.conditions, 'Ready')?.status;
  if (ready === 'False') out.push({ key: TAINT_NOT_READY, effect: 'NoSchedule' }, { key: TAINT_NOT_READY, effect: 'NoExecute' });
  else if (ready === 'Unknown') out.push({ key: TAINT_UNREACHABLE, effect: 'NoSchedule' }, { key: TAINT_UNREACHABLE, effect: 'NoExecute' });
  if (node.spec?.unschedulable) out.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  for (const [type, key] of Object.entries(CONDITION_TAINTS)) {
    if (getCondition(node.status?.conditions, type)?.status === 'True') out.push({ key, effect: 'NoSchedule' });
  }
  return out;
}

/**
 * The node's taints with the managed ones made to match `desired`: foreign taints and managed
 * taints that stay are kept as they are (timeAdded included); new NoExecute taints get
 * timeAdded = now. Returns undefined when nothing changes.
 */
export function reconcileTaints(
  current: readonly Taint[] | undefined,
  desired: { key: string; effect: Taint['effect'] }[],
  now: string,
): Taint[] | undefined {
  const cur = current ?? [];
  const want = (t: { key: string; effect: string }) => desired.some((d) => d.key === t.key && d.effect === t.effect);
  const kept = cur.filter((t) => !MANAGED_KEYS.has(t.key) || want(t));
  const added: Taint[] = desired
    .filter((d) => !kept.some((t) => t.key === d.key && t.effect === d.effect))
    .map((d) => (d.effect === 'NoExecute' ? { key: d.key, effect: d.effect, timeAdded: now } : { key: d.key, effect: d.effect }));
  if (added.length === 0 && kept.length === cur.length) return undefined;
  return [...kept, ...added];
}
