/** Pod rules the server owns: a bound pod is deleted gracefully (the kind's create rules are in its descriptor). */
import type { Pod, ResourceInfo } from '@kemu/api';
import { baseStrategy, type Strategy } from './strategy.js';

const DEFAULT_GRACE_SECONDS = 30;

export function podStrategy(r: ResourceInfo): Strategy {
  return {
    ...baseStrategy(r),
    gracePeriodSeconds(obj, options) {
      const pod = obj as Pod;
      if (!pod.spec?.nodeName) return 0;
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') return 0;
      return options.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
    },
  };
}
