/** Pod rules: status starts Pending with a QoS class; bound pods are deleted gracefully. */
import type { Container, Pod, ResourceInfo } from '@kemu/api';
import { baseStrategy, type Strategy } from './strategy.js';

const DEFAULT_GRACE_SECONDS = 30;

function qosClass(pod: Pod): string {
  const containers: Container[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const limits = c.resources?.limits ?? {};
    const requests = { ...limits, ...(c.resources?.requests ?? {}) };
    if (Object.keys(requests).length || Object.keys(limits).length) any = true;
    for (const res of ['cpu', 'memory']) {
      if (limits[res] === undefined || String(requests[res]) !== String(limits[res])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function podStrategy(r: ResourceInfo): Strategy {
  const base = baseStrategy(r);
  return {
    ...base,
    returnDeletedObject: true,
    prepareForCreate(obj) {
      const pod = obj as Pod;
      pod.status = { phase: 'Pending', qosClass: qosClass(pod) };
    },
    gracePeriodSeconds(obj, options) {
      const pod = obj as Pod;
      if (!pod.spec?.nodeName) return 0;
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') return 0;
      return options.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
    },
  };
}
