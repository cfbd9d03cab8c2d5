/**
 * ReplicationController defaulting done by the real apiserver: an empty selector and empty
 * metadata.labels are both taken from the pod template's labels.
 */
import type { ReplicationController, ResourceInfo } from '@kemu/api';
import { baseStrategy, type Strategy } from './strategy.js';

export function replicationControllerStrategy(r: ResourceInfo): Strategy {
  return {
    ...baseStrategy(r),
    canonicalize(obj) {
      const rc = obj as ReplicationController;
      const templateLabels = rc.spec?.template?.metadata?.labels;
      if (!templateLabels || Object.keys(templateLabels).length === 0) return;
      if (rc.spec && (!rc.spec.selector || Object.keys(rc.spec.selector).length === 0)) rc.spec.selector = { ...templateLabels };
      if (!rc.metadata.labels || Object.keys(rc.metadata.labels).length === 0) rc.metadata.labels = { ...templateLabels };
    },
  };
}
