/**
 * ServiceAccount (mutating, the defaulting half): a pod created without a service account runs
 * as the namespace's `default` one; spec.serviceAccount (deprecated) mirrors serviceAccountName.
 * An update that leaves the account out keeps the pod's (pod specs are immutable there).
 */
import type { Pod } from '@kemu/api';
import { isCore, type AdmissionPlugin } from '../interfaces.js';

const DEFAULT_SERVICE_ACCOUNT = 'default';

export const serviceAccount: AdmissionPlugin = {
  name: 'ServiceAccount',
  handles: (operation, r, subresource) =>
    (operation === 'CREATE' || operation === 'UPDATE') && isCore(r, 'pods') && subresource === undefined,
  admit(a) {
    const spec = (a.object as Pod).spec;
    if (!spec) return;
    const old = a.operation === 'UPDATE' ? (a.oldObject as Pod).spec?.serviceAccountName : undefined;
    if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || old || DEFAULT_SERVICE_ACCOUNT;
    spec.serviceAccount = spec.serviceAccountName;
  },
};
