/**
 * DefaultTolerationSeconds: every pod tolerates `node.kubernetes.io/not-ready` and
 * `node.kubernetes.io/unreachable` NoExecute taints for the profile's defaultTolerationSeconds,
 * unless it already tolerates them.
 */
import type { Pod, Toleration } from '@kemu/api';

export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';

function tolerates(tolerations: Toleration[], key: string): boolean {
  return tolerations.some((t) =>
    (t.effect === 'NoExecute' || !t.effect) && (t.key === key || (!t.key && t.operator === 'Exists')));
}

export function admitDefaultTolerationSeconds(pod: Pod, seconds: number): void {
  const spec = pod.spec;
  if (!spec) return;
  const tolerations = [...(spec.tolerations ?? [])];
  for (const key of [NOT_READY_TAINT, UNREACHABLE_TAINT]) {
    if (!tolerates(tolerations, key)) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
  }
  spec.tolerations = tolerations;
}
