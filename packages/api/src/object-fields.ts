/**
 * The fields each kind can be selected on with `?fieldSelector=`, as kube-apiserver's
 * per-resource `GetAttrs` functions define them.
 */
import type { KubeObject } from './types.js';

type Getter = (o: any) => Record<string, string>;

const common: Getter = (o) => ({
  'metadata.name': o.metadata?.name ?? '',
  'metadata.namespace': o.metadata?.namespace ?? '',
});

const perResource: Record<string, Getter> = {
  '/pods': (o) => ({
    'spec.nodeName': o.spec?.nodeName ?? '',
    'spec.restartPolicy': o.spec?.restartPolicy ?? '',
    'spec.schedulerName': o.spec?.schedulerName ?? '',
    'spec.serviceAccountName': o.spec?.serviceAccountName ?? '',
    'spec.hostNetwork': String(o.spec?.hostNetwork ?? false),
    'status.phase': o.status?.phase ?? '',
    'status.podIP': o.status?.podIP ?? '',
    'status.nominatedNodeName': o.status?.nominatedNodeName ?? '',
  }),
  '/events': (o) => ({
    'involvedObject.kind': o.involvedObject?.kind ?? '',
    'involvedObject.namespace': o.involvedObject?.namespace ?? '',
    'involvedObject.name': o.involvedObject?.name ?? '',
    'involvedObject.uid': o.involvedObject?.uid ?? '',
    'involvedObject.apiVersion': o.involvedObject?.apiVersion ?? '',
    'involvedObject.resourceVersion': o.involvedObject?.resourceVersion ?? '',
    'involvedObject.fieldPath': o.involvedObject?.fieldPath ?? '',
    'reason': o.reason ?? '',
    'reportingComponent': o.reportingComponent ?? '',
    'source': o.source?.component ?? '',
    'type': o.type ?? '',
  }),
  '/nodes': (o) => ({ 'spec.unschedulable': String(o.spec?.unschedulable ?? false) }),
  '/namespaces': (o) => ({ 'status.phase': o.status?.phase ?? '' }),
  '/secrets': (o) => ({ type: o.type ?? '' }),
  '/replicationcontrollers': (o) => ({ 'status.replicas': String(o.status?.replicas ?? 0) }),
  'apps/replicasets': (o) => ({ 'status.replicas': String(o.status?.replicas ?? 0) }),
};

/** The selectable fields of an object of `group/resource`. */
export function objectFields(group: string, resource: string, obj: KubeObject): Record<string, string> {
  const extra = perResource[`${group}/${resource}`];
  return extra ? { ...common(obj), ...extra(obj) } : common(obj);
}

/** The field names a resource supports, for 400 on an unsupported field selector. */
export function supportedFields(group: string, resource: string): string[] {
  const extra = perResource[`${group}/${resource}`];
  return ['metadata.name', 'metadata.namespace', ...(extra ? Object.keys(extra({ metadata: {} })) : [])];
}
