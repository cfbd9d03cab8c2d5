/**
 * OpenAPI v3 documents, generated from the zod schemas: the index (`GET /openapi/v3`) and one
 * document per group-version (`GET /openapi/v3/apis/apps/v1`). Documents are built once and
 * their hash (SHA-512, upper-case hex, as Kubernetes uses) is the cache key in the index.
 */
import { createHash } from 'node:crypto';
import { KIND_SCHEMAS, RESOURCES, type ResourceInfo } from '@kemu/api';
import { componentsFor } from './components.js';
import { pathsFor } from './paths.js';

interface GroupVersionDoc { document: unknown; hash: string }

let cache: Map<string, GroupVersionDoc> | undefined;

/** 'api/v1' or 'apis/<group>/<version>'. */
function gvPath(r: Pick<ResourceInfo, 'group' | 'version'>): string {
  return r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
}

function buildDocuments(): Map<string, GroupVersionDoc> {
  const byGv = new Map<string, ResourceInfo[]>();
  for (const r of RESOURCES) {
    const p = gvPath(r);
    if (!byGv.has(p)) byGv.set(p, []);
    byGv.get(p)!.push(r);
  }
  const out = new Map<string, GroupVersionDoc>();
  for (const [p, resources] of byGv) {
    const { group, version } = resources[0];
    const kinds = KIND_SCHEMAS.filter((k) => k.gvk.group === group && k.gvk.version === version);
    const schemas = componentsFor(kinds);
    const document = {
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: 'v1.32.0' },
      paths: pathsFor(resources),
      components: { schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : 1))) },
    };
    const hash = createHash('sha512').update(JSON.stringify(document)).digest('hex').toUpperCase();
    out.set(p, { document, hash });
  }
  return out;
}

function documents(): Map<string, GroupVersionDoc> {
  cache ??= buildDocuments();
  return cache;
}

/** The body of `GET /openapi/v3`. */
export function openapiV3Index(): unknown {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [p, d] of documents()) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${d.hash}` };
  return { paths };
}

/** The body of `GET /openapi/v3/<path>` (path like 'api/v1', 'apis/apps/v1'), or undefined. */
export function openapiV3Document(path: string): unknown | undefined {
  return documents().get(path.replace(/^\/+|\/+$/g, ''))?.document;
}

/** The hash of a group-version document, for ETag / cache headers. */
export function openapiV3Hash(path: string): string | undefined {
  return documents().get(path.replace(/^\/+|\/+$/g, ''))?.hash;
}
