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

/** Discovery order matters to kubectl for ambiguous names: core first. */
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
  res('apps', 'v1', 'deployments', 'Deployment', true, { shortNames: ['deploy'], categories: ['all'], subresources: [STATUS, SCALE] }),
  res('apps', 'v1', 'replicasets', 'ReplicaSet', true, { shortNames: ['rs'], categories: ['all'], subresources: [STATUS, SCALE] }),
  res('coordination.k8s.io', 'v1', 'leases', 'Lease', true),
  res('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true),
];

export function apiVersionOf(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

const byResource = new Map<string, ResourceInfo>(RESOURCES.map((r) => [`${r.group}/${r.resource}`, r]));
const byKind = new Map<string, ResourceInfo>(RESOURCES.map((r) => [`${apiVersionOf(r)}/${r.kind}`, r]));

/** Looks up a resource by group and plural name (`resourceFor('apps', 'deployments')`). */
export function resourceFor(group: string, resource: string): ResourceInfo | undefined {
  return byResource.get(`${group}/${resource}`);
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
