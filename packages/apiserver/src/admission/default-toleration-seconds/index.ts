/**
 * DefaultTolerationSeconds (mutating): every pod tolerates the `node.kubernetes.io/not-ready` and
 * `node.kubernetes.io/unreachable` NoExecute taints for the timing profile's
 * defaultTolerationSeconds, unless it already tolerates them. Runs on create and update.
 */
import { TAINT_NOT_READY, TAINT_UNREACHABLE, type Pod, type Toleration } from '@kemu/api';
import { isCore, type AdmissionPlugin } from '../interfaces.js';

function tolerates(tolerations: Toleration[], key: string): boolean {
  return tolerations.some((t) => (t.effect === 'NoExecute' || !t.effect) && (t.key === key || (!t.key && t.operator === 'Exists')));
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
    for (const key of [TAINT_NOT_READY, TAINT_UNREACHABLE]) {
      if (!tolerates(tolerations, key)) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
    }
    spec.tolerations = tolerations;
  },
};
