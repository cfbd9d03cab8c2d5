/**
 * Discovery: what the server serves right now, read from the aggregated discovery documents
 * (`APIGroupDiscoveryList` at `/api` and `/apis`, what kubectl 1.32 reads). Each group's
 * versions come in preference order; a resource appears once, from the first (preferred)
 * version that serves it — client-go's ServerPreferredResources.
 */
import type { ResourceInfo, SubresourceInfo, Verb } from '@kemu/api';

/** The Accept header that asks for aggregated discovery. */
export const AGGREGATED_DISCOVERY_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

interface DiscoveryResource {
  resource?: string;
  responseKind?: { kind?: string };
  scope?: string;
  singularResource?: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: { subresource?: string; responseKind?: { group?: string; version?: string; kind?: string }; verbs?: string[] }[];
}

interface DiscoveryGroup {
  metadata?: { name?: string };
  versions?: { version?: string; resources?: DiscoveryResource[]; freshness?: string }[];
}

/** Thrown when a discovery document is not an APIGroupDiscoveryList. */
export class DiscoveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiscoveryError';
  }
}

/** The resources of the given `APIGroupDiscoveryList` documents, preferred version first. */
export function resourcesFromAggregatedDiscovery(docs: unknown[]): ResourceInfo[] {
  const out: ResourceInfo[] = [];
  const seen = new Set<string>();
  for (const doc of docs) {
    const list = doc as { kind?: string; items?: DiscoveryGroup[] } | undefined;
    if (list?.kind !== 'APIGroupDiscoveryList' || !Array.isArray(list.items)) {
      throw new DiscoveryError(`expected an APIGroupDiscoveryList, got ${String(list?.kind)}`);
    }
    for (const g of list.items) {
      const group = g.metadata?.name ?? '';
      for (const v of g.versions ?? []) {
        if (!v.version) continue;
        for (const d of v.resources ?? []) {
          if (!d.resource || !d.responseKind?.kind) continue;
          const id = `${group}/${d.resource}`;
          if (seen.has(id)) continue;
          seen.add(id);
          out.push(resourceInfo(group, v.version, d));
        }
      }
    }
  }
  return out;
}

function resourceInfo(group: string, version: string, d: DiscoveryResource): ResourceInfo {
  const kind = d.responseKind!.kind!;
  return {
    group,
    version,
    kind,
    resource: d.resource!,
    singular: d.singularResource || kind.toLowerCase(),
    listKind: `${kind}List`,
    namespaced: d.scope === 'Namespaced',
    shortNames: d.shortNames ?? [],
    categories: d.categories ?? [],
    verbs: (d.verbs ?? []) as Verb[],
    subresources: (d.subresources ?? [])
      .filter((s) => s.subresource)
      .map(
        (s): SubresourceInfo => ({
          name: s.subresource!,
          kind: s.responseKind?.kind ?? '',
          ...(s.responseKind?.group ? { group: s.responseKind.group } : {}),
          ...(s.responseKind?.version ? { version: s.responseKind.version } : {}),
          verbs: (s.verbs ?? []) as Verb[],
        }),
      ),
  };
}
