/**
 * Priority (mutating): a pod created without a priorityClassName gets priority 0, and every pod
 * preemptionPolicy PreemptLowerPriority unless it names one. On update a pod keeps the priority
 * and policy it was created with when the update leaves them out.
 */
import type { Pod } from '@kemu/api';
import { isCore, type AdmissionPlugin } from '../interfaces.js';

const DEFAULT_PREEMPTION_POLICY = 'PreemptLowerPriority';

export const priority: AdmissionPlugin = {
  name: 'Priority',
  handles: (operation, r, subresource) =>
    (operation === 'CREATE' || operation === 'UPDATE') && isCore(r, 'pods') && subresource === undefined,
  admit(a) {
    const spec = (a.object as Pod).spec as (Pod['spec'] & { preemptionPolicy?: string | null }) | undefined;
    if (!spec) return;
    if (a.operation === 'UPDATE') {
      const old = (a.oldObject as Pod).spec as (Pod['spec'] & { preemptionPolicy?: string | null }) | undefined;
      if (typeof spec.priority !== 'number' && typeof old?.priority === 'number') spec.priority = old.priority;
      if (!spec.preemptionPolicy && old?.preemptionPolicy) spec.preemptionPolicy = old.preemptionPolicy;
    }
    if (typeof spec.priority !== 'number' && !spec.priorityClassName) spec.priority = 0;
    if (!spec.preemptionPolicy) spec.preemptionPolicy = DEFAULT_PREEMPTION_POLICY;
  },
};
