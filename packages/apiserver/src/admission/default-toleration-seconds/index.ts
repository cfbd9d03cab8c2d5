/**
 * DefaultTolerationSeconds (mutating): every pod tolerates the `node.kubernetes.io/not-ready` and
 * `node.kubernetes.io/unreachable` NoExecute taints for the timing profile's
 * defaultTolerationSeconds, unless it already tolerates them. Runs on create and update.
 */
import type { Pod, Toleration } from '@kemu/api';
import { isCore, type AdmissionPlugin } from '../interfaces.js';

export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';

function tolerates(tolerations: Toleration[], key: string): boolean {
  return tolerations.some((t) =>
    (t.effect === 'NoExecute' || !t.effect) && (t.key === key || (!t.key && t.operator === 'Exists')));
}

export const defaultTolerationSeconds: AdmissionPlugin = {
  name: 'DefaultTolerationSeconds',
  handles: (operation, r, subresource) =>
    (operation === 'CREATE' || operation === 'UPDATE') && isCore(r, 'pods') && subresource === undefined,
  admit(a) {
    const spec = (a.object as Pod).spec;
    if (!spec) return;
    const seconds = a.ctx.timings.defaultTolerationSeconds;
    const tolerations = Array.isArray(spec.tolerations) ? [...spec.tolerations] : [];
    for (const key of [NOT_READY_TAINT, UNREACHABLE_TAINT]) {
      if (!tolerates(tolerations, key)) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
    }
    spec.tolerations = tolerations;
  },
};
