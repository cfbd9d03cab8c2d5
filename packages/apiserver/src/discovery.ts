/**
 * Discovery documents, all generated from the served resources (the RESOURCES registry plus
 * custom resources, `Registry.resources()`): `/version`, the aggregated `APIGroupDiscoveryList`
 * for `/api` and `/apis`, and the legacy `APIVersions`, `APIGroupList`, `APIGroup` and
 * `APIResourceList`. Order follows the registry (core first, aggregated APIs last).
 */
import { apiVersionOf, type ResourceInfo } from '@kemu/api';

type Served = readonly ResourceInfo[];

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4-kemu',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T00:00:00Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export const AGGREGATED_CONTENT_TYPE = (v: 'v2' | 'v2beta1') => `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;

interface GroupVersions {
  group: string;
  versions: string[];
}

function groups(all: Served): GroupVersions[] {
  const out: GroupVersions[] = [];
  for (const r of all) {
    let g = out.find((x) => x.group === r.group);
    if (!g) out.push((g = { group: r.group, versions: [] }));
    if (!g.versions.includes(r.version)) g.versions.push(r.version);
  }
  return out;
}

function resourcesOf(all: Served, group: string, version: string): ResourceInfo[] {
  return all.filter((r) => r.group === group && r.version === version);
}

function aggregatedResource(r: ResourceInfo) {
  return {
    resource: r.resource,
    responseKind: { group: '', version: '', kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: [...r.verbs].sort(),
    ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
    ...(r.categories.length ? { categories: r.categories } : {}),
    ...(r.subresources.length
      ? {
          subresources: r.subresources.map((s) => ({
            subresource: s.name,
            responseKind: { group: s.group ?? '', version: s.version ?? '', kind: s.kind },
            verbs: [...s.verbs].sort(),
          })),
        }
      : {}),
  };
}

/** `/api` (core) or `/apis` (named groups) as an APIGroupDiscoveryList. */
export function aggregatedDiscovery(all: Served, prefix: 'api' | 'apis', v: 'v2' | 'v2beta1') {
  const items = groups(all)
    .filter((g) => (prefix === 'api') === (g.group === ''))
    .map((g) => ({
      metadata: g.group ? { name: g.group, creationTimestamp: null } : { creationTimestamp: null },
      versions: g.versions.map((version) => ({
        version,
        resources: resourcesOf(all, g.group, version).map(aggregatedResource),
        freshness: 'Current',
      })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${v}`, metadata: {}, items };
}

/** Legacy `/api`. */
export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(g: GroupVersions) {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.group}/${v}`, version: v }));
  return { name: g.group, versions, preferredVersion: versions[0] };
}

/** Legacy `/apis`. */
export function apiGroupList(all: Served) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups(all)
      .filter((g) => g.group !== '')
      .map(apiGroup),
  };
}

/** Legacy `/apis/<group>`; undefined for an unknown group. */
export function apiGroupDocument(all: Served, group: string) {
  const g = groups(all).find((x) => x.group === group && group !== '');
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g) } : undefined;
}

/** Legacy `/api/v1`, `/apis/<g>/<v>`; undefined for an unknown group version. */
export function apiResourceList(all: Served, group: string, version: string) {
  const rs = resourcesOf(all, group, version);
  if (rs.length === 0) return undefined;
  const resources: unknown[] = [];
  for (const r of rs) {
    resources.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: [...r.verbs].sort(),
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
      ...(r.categories.length ? { categories: r.categories } : {}),
    });
    for (const s of r.subresources) {
      resources.push({
        name: `${r.resource}/${s.name}`,
        singularName: '',
        namespaced: r.namespaced,
        ...(s.group !== undefined ? { group: s.group } : {}),
        ...(s.version !== undefined ? { version: s.version } : {}),
        kind: s.kind,
        verbs: [...s.verbs].sort(),
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group, version }), resources };
}
