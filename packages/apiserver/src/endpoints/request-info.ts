/**
 * Request info, as kube-apiserver's RequestInfoFactory builds it: what a URL addresses
 * (`/apis/apps/v1/namespaces/default/deployments/web/scale` → group apps, version v1, namespace
 * default, resource deployments, name web, subresource scale) and, with the method and query,
 * which API verb the request is. Routing is keyed by these; nothing here knows a kind.
 */
import type { Verb } from '@kemu/api';

export interface ResourceRequest {
  group: string;
  version: string;
  /** The namespace from the URL path; undefined for cluster-wide requests. */
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  /** Path after the subresource (`…/proxy/<rest>`). */
  rest?: string;
  /** The legacy `/watch/` path prefix was used. */
  legacyWatch: boolean;
}

export type ApiPath =
  | { kind: 'root'; prefix: 'api' | 'apis' } // /api, /apis
  | { kind: 'group'; group: string } // /apis/<g>
  | { kind: 'groupVersion'; group: string; version: string } // /api/v1, /apis/<g>/<v>
  | { kind: 'resource'; request: ResourceRequest };

function decode(seg: string): string {
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}

/** Parses `/api…` or `/apis…` paths; undefined for anything else. */
export function parseApiPath(pathname: string): ApiPath | undefined {
  const parts = pathname
    .split('/')
    .filter((p) => p !== '')
    .map(decode);
  if (parts[0] !== 'api' && parts[0] !== 'apis') return undefined;
  const prefix = parts[0] as 'api' | 'apis';
  let i = 1;
  let group = '';
  if (prefix === 'apis') {
    if (parts.length === 1) return { kind: 'root', prefix };
    group = parts[1];
    i = 2;
    if (parts.length === 2) return { kind: 'group', group };
  } else if (parts.length === 1) {
    return { kind: 'root', prefix };
  }
  const version = parts[i++];
  if (i >= parts.length) return { kind: 'groupVersion', group, version };
  let legacyWatch = false;
  if (parts[i] === 'watch') {
    legacyWatch = true;
    i++;
  }
  let namespace: string | undefined;
  let rest = parts.slice(i);
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
    // /api/v1/namespaces/<ns>/status|finalize address the Namespace itself.
    if (rest.length === 1 && group === '' && (rest[0] === 'status' || rest[0] === 'finalize')) {
      return { kind: 'resource', request: { group, version, resource: 'namespaces', name: namespace, subresource: rest[0], legacyWatch } };
    }
  } else if (rest[0] === 'namespaces' && rest.length === 2) {
    return { kind: 'resource', request: { group, version, resource: 'namespaces', name: rest[1], legacyWatch } };
  }
  const [resource, name, subresource, ...tail] = rest;
  if (!resource) return { kind: 'groupVersion', group, version };
  return {
    kind: 'resource',
    request: {
      group,
      version,
      namespace,
      resource,
      name,
      subresource,
      rest: tail.length > 0 || (subresource !== undefined && pathname.endsWith('/')) ? tail.join('/') : undefined,
      legacyWatch,
    },
  };
}

/**
 * The API verb of a resource request: GET is `get`, `list` or (with `watch=true`/`1` or the
 * legacy `/watch/` prefix) `watch` — a subresource GET is always `get`; POST `create`, PUT
 * `update`, PATCH `patch`, DELETE `delete` or, on a collection, `deletecollection`. Undefined for
 * any other method.
 */
export function resourceVerb(method: string, rr: ResourceRequest, query: URLSearchParams): Verb | undefined {
  const collection = rr.name === undefined;
  switch (method) {
    case 'GET': {
      const w = query.get('watch');
      if (rr.subresource === undefined && (rr.legacyWatch || w === 'true' || w === '1')) return 'watch';
      return collection ? 'list' : 'get';
    }
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return collection ? 'deletecollection' : 'delete';
    default:
      return undefined;
  }
}
