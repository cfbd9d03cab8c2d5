/** ServiceAccount admission (the defaulting half): pods run as `default` unless they say otherwise. */
import type { Pod } from '@kemu/api';

export function admitServiceAccount(pod: Pod): void {
  const spec = pod.spec;
  if (!spec) return;
  if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || 'default';
  if (!spec.serviceAccount) spec.serviceAccount = spec.serviceAccountName;
}
