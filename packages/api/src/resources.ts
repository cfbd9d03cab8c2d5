/**
 * The resources kemu serves: one discovery record per kind descriptor, the single source for
 * discovery, URL building (clients), storage key prefixes and kubectl's short names.
 */
import { KINDS, type KindDescriptor } from './kinds/index.js';

export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

export interface SubresourceInfo {
  name: string; // 'status', 'scale', 'binding', 'log', ...
  kind: string; // response kind
  group?: string; // response group when it differs ('autoscaling' for scale)
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
  group: string; // '' = core
  version: string;
  resource: string; // plural, lower case
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

/** The discovery record of a kind descriptor. */
function resourceInfoOf(d: KindDescriptor): ResourceInfo {
  return {
    group: d.group,
    version: d.version,
    resource: d.resource,
    singular: d.singular,
    kind: d.kind,
    listKind: `${d.kind}List`,
    namespaced: d.namespaced,
    shortNames: d.shortNames,
    categories: d.categories,
    verbs: d.verbs,
    subresources: d.subresources,
  };
}

/** Every built-in resource, in discovery order (the order of the kind registry, `kinds/index.ts`). */
export const RESOURCES: readonly ResourceInfo[] = KINDS.map(resourceInfoOf);

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
