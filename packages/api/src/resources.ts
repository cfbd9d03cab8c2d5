/**
 * The registry of resources kemu serves: one record per resource, the single source for
 * discovery, URL building (clients), storage key prefixes and kubectl's short names.
 */

export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

export interface SubresourceInfo {
  name: string;                 // 'status', 'scale', 'binding', 'log', ...
  kind: string;                 // response kind
  group?: string;               // response group when it differs ('autoscaling' for scale)
  version?: string;
  verbs: Verb[];
}

/** A column of `kubectl get` for a custom resource (a CRD's additionalPrinterColumns entry). */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

/** What a custom resource (one served version of a CustomResourceDefinition) adds to its ResourceInfo. */
export interface CustomResourceInfo {
  /** The version's structural openAPIV3Schema: validation, pruning, defaults and OpenAPI. */
  schema?: Record<string, unknown>;
  /** Extra columns; NAME and AGE when empty. */
  printerColumns: PrinterColumn[];
  /** The scale subresource's paths, when served. */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  /** The version objects are stored in (apiVersion of stored objects). */
  storageVersion: string;
}

export interface ResourceInfo {
  group: string;                // '' = core
  version: string;
  resource: string;             // plural, lower case
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: Verb[];
  subresources: SubresourceInfo[];
  /** Set only for custom resources served from a CustomResourceDefinition. */
  custom?: CustomResourceInfo;
}

const ALL_VERBS: Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS: SubresourceInfo = { name: 'status', kind: '', verbs: ['get', 'patch', 'update'] };
const SCALE: SubresourceInfo = { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] };

function res(group: string, version: string, resource: string, kind: string, namespaced: boolean,
  extra: Partial<Pick<ResourceInfo, 'shortNames' | 'categories' | 'verbs' | 'subresources' | 'singular'>> = {}): ResourceInfo {
  return {
    group, version, resource, kind, namespaced,
    singular: extra.singular ?? kind.toLowerCase(),
    listKind: `${kind}List`,
    shortNames: extra.shortNames ?? [],
    categories: extra.categories ?? [],
    verbs: extra.verbs ?? ALL_VERBS,
    subresources: (extra.subresources ?? []).map((s) => (s.kind ? s : { ...s, kind })),
  };
}

/**
 * Discovery order matters to kubectl for ambiguous names: core first, then the named groups in
 * kube-apiserver's order, `metrics.k8s.io` last (so `pods`/`nodes` resolve to core). A group's
 * preferred version comes first (autoscaling/v2 before autoscaling/v1).
 */
export const RESOURCES: readonly ResourceInfo[] = [
  res('', 'v1', 'namespaces', 'Namespace', false, { shortNames: ['ns'], subresources: [STATUS, { name: 'finalize', kind: '', verbs: ['update'] }] }),
  res('', 'v1', 'nodes', 'Node', false, { shortNames: ['no'], subresources: [STATUS, { name: 'proxy', kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }] }),
  res('', 'v1', 'pods', 'Pod', true, {
    shortNames: ['po'], categories: ['all'],
    subresources: [
      STATUS,
      { name: 'binding', kind: 'Binding', verbs: ['create'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      { name: 'proxy', kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
    ],
  }),
  res('', 'v1', 'bindings', 'Binding', true, { verbs: ['create'] }),
  res('', 'v1', 'services', 'Service', true, { shortNames: ['svc'], categories: ['all'], subresources: [STATUS, { name: 'proxy', kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }] }),
  res('', 'v1', 'endpoints', 'Endpoints', true, { shortNames: ['ep'], singular: 'endpoints' }),
  res('', 'v1', 'events', 'Event', true, { shortNames: ['ev'] }),
  res('', 'v1', 'replicationcontrollers', 'ReplicationController', true, { shortNames: ['rc'], categories: ['all'], subresources: [STATUS, SCALE] }),
  res('', 'v1', 'configmaps', 'ConfigMap', true, { shortNames: ['cm'] }),
  res('', 'v1', 'secrets', 'Secret', true),
  res('', 'v1', 'serviceaccounts', 'ServiceAccount', true, { shortNames: ['sa'] }),
  res('', 'v1', 'persistentvolumes', 'PersistentVolume', false, { shortNames: ['pv'], subresources: [STATUS] }),
  res('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true, { shortNames: ['pvc'], subresources: [STATUS] }),
  res('', 'v1', 'resourcequotas', 'ResourceQuota', true, { shortNames: ['quota'], subresources: [STATUS] }),
  res('', 'v1', 'limitranges', 'LimitRange', true, { shortNames: ['limits'] }),
  res('apps', 'v1', 'deployments', 'Deployment', true, { shortNames: ['deploy'], categories: ['all'], subresources: [STATUS, SCALE] }),
  res('apps', 'v1', 'replicasets', 'ReplicaSet', true, { shortNames: ['rs'], categories: ['all'], subresources: [STATUS, SCALE] }),
  res('apps', 'v1', 'statefulsets', 'StatefulSet', true, { shortNames: ['sts'], categories: ['all'], subresources: [STATUS, SCALE] }),
  res('apps', 'v1', 'daemonsets', 'DaemonSet', true, { shortNames: ['ds'], categories: ['all'], subresources: [STATUS] }),
  res('apps', 'v1', 'controllerrevisions', 'ControllerRevision', true),
  res('events.k8s.io', 'v1', 'events', 'Event', true, { shortNames: ['ev'] }),
  res('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, { shortNames: ['hpa'], categories: ['all'], subresources: [STATUS] }),
  res('autoscaling', 'v1', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, { shortNames: ['hpa'], categories: ['all'], subresources: [STATUS] }),
  res('batch', 'v1', 'jobs', 'Job', true, { categories: ['all'], subresources: [STATUS] }),
  res('batch', 'v1', 'cronjobs', 'CronJob', true, { shortNames: ['cj'], categories: ['all'], subresources: [STATUS] }),
  res('networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', false),
  res('networking.k8s.io', 'v1', 'ingresses', 'Ingress', true, { shortNames: ['ing'], subresources: [STATUS] }),
  res('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true, { shortNames: ['pdb'], subresources: [STATUS] }),
  res('storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false, { shortNames: ['sc'] }),
  res('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', false, { shortNames: ['crd', 'crds'], categories: ['api-extensions'], subresources: [STATUS] }),
  res('scheduling.k8s.io', 'v1', 'priorityclasses', 'PriorityClass', false, { shortNames: ['pc'] }),
  res('coordination.k8s.io', 'v1', 'leases', 'Lease', true),
  res('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true),
  // Discovery records only: the apiserver's metrics handlers (kubectl top) answer these from
  // the usage the kubelets simulate; nothing is stored under them.
  res('metrics.k8s.io', 'v1beta1', 'nodes', 'NodeMetrics', false, { verbs: ['get', 'list'] }),
  res('metrics.k8s.io', 'v1beta1', 'pods', 'PodMetrics', true, { verbs: ['get', 'list'] }),
];

export function apiVersionOf(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

const byResource = new Map<string, ResourceInfo>();
for (const r of RESOURCES) if (!byResource.has(`${r.group}/${r.resource}`)) byResource.set(`${r.group}/${r.resource}`, r);
const byVersion = new Map<string, ResourceInfo>(RESOURCES.map((r) => [`${r.group}/${r.version}/${r.resource}`, r]));
const byKind = new Map<string, ResourceInfo>(RESOURCES.map((r) => [`${apiVersionOf(r)}/${r.kind}`, r]));

/** Looks up a resource by group and plural name (`resourceFor('apps', 'deployments')`); the preferred version. */
export function resourceFor(group: string, resource: string): ResourceInfo | undefined {
  return byResource.get(`${group}/${resource}`);
}

/** Looks up a resource in one group version (`resourceVersionFor('autoscaling', 'v1', 'horizontalpodautoscalers')`). */
export function resourceVersionFor(group: string, version: string, resource: string): ResourceInfo | undefined {
  return byVersion.get(`${group}/${version}/${resource}`);
}

/** Looks up a resource by apiVersion and kind (`kindFor('apps/v1', 'Deployment')`). */
export function kindFor(apiVersion: string, kind: string): ResourceInfo | undefined {
  return byKind.get(`${apiVersion}/${kind}`);
}

function mustGet(group: string, resource: string): ResourceInfo {
  const r = resourceFor(group, resource);
  if (!r) throw new Error(`unknown resource ${group}/${resource}`);
  return r;
}

/** Well-known resources, for the components' convenience. */
export const R = {
  namespaces: mustGet('', 'namespaces'),
  nodes: mustGet('', 'nodes'),
  pods: mustGet('', 'pods'),
  services: mustGet('', 'services'),
  endpoints: mustGet('', 'endpoints'),
  events: mustGet('', 'events'),
  replicationcontrollers: mustGet('', 'replicationcontrollers'),
  configmaps: mustGet('', 'configmaps'),
  secrets: mustGet('', 'secrets'),
  serviceaccounts: mustGet('', 'serviceaccounts'),
  persistentvolumes: mustGet('', 'persistentvolumes'),
  persistentvolumeclaims: mustGet('', 'persistentvolumeclaims'),
  resourcequotas: mustGet('', 'resourcequotas'),
  limitranges: mustGet('', 'limitranges'),
  statefulsets: mustGet('apps', 'statefulsets'),
  daemonsets: mustGet('apps', 'daemonsets'),
  controllerrevisions: mustGet('apps', 'controllerrevisions'),
  jobs: mustGet('batch', 'jobs'),
  cronjobs: mustGet('batch', 'cronjobs'),
  horizontalpodautoscalers: mustGet('autoscaling', 'horizontalpodautoscalers'),
  poddisruptionbudgets: mustGet('policy', 'poddisruptionbudgets'),
  ingresses: mustGet('networking.k8s.io', 'ingresses'),
  ingressclasses: mustGet('networking.k8s.io', 'ingressclasses'),
  storageclasses: mustGet('storage.k8s.io', 'storageclasses'),
  priorityclasses: mustGet('scheduling.k8s.io', 'priorityclasses'),
  customresourcedefinitions: mustGet('apiextensions.k8s.io', 'customresourcedefinitions'),
  deployments: mustGet('apps', 'deployments'),
  replicasets: mustGet('apps', 'replicasets'),
  leases: mustGet('coordination.k8s.io', 'leases'),
  endpointslices: mustGet('discovery.k8s.io', 'endpointslices'),
} as const;

/**
 * The path of a collection or object: `/api/v1/namespaces/default/pods/p1/status`.
 * `namespace` is ignored for cluster-scoped resources; omit it for an all-namespaces list.
 */
export function resourcePath(r: ResourceInfo, namespace?: string, name?: string, subresource?: string): string {
  let p = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  if (r.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${r.resource}`;
  if (name !== undefined) p += `/${encodeURIComponent(name)}`;
  if (subresource) p += `/${subresource}`;
  return p;
}
