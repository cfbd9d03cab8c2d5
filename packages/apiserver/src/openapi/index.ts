/**
 * OpenAPI v3 documents: the index (`GET /openapi/v3`) and one document per served group-version
 * (`GET /openapi/v3/apis/apps/v1`). Built-in documents are generated once from the zod schemas;
 * custom resources' documents from their CRD schemas, rebuilt whenever the served set changes.
 * A document's hash (SHA-512, upper-case hex, as Kubernetes uses) is the cache key kubectl keeps
 * it under, so a changed document always gets a new URL.
 */
import { createHash } from 'node:crypto';
import { KIND_SCHEMAS, RESOURCES, kindSchemaFor, type ResourceInfo } from '@kemu/api';
import { componentsFor } from './components.js';
import { customComponents, customSchemaId } from './custom-resources.js';
import { pathsFor } from './paths.js';

interface GroupVersionDoc {
  document: unknown;
  hash: string;
}

/** What the documents are generated from: the served resources and a counter that changes with them. */
export interface OpenApiSource {
  resources(): readonly ResourceInfo[];
  readonly generation: number;
}

/** 'api/v1' or 'apis/<group>/<version>'. */
function gvPath(r: Pick<ResourceInfo, 'group' | 'version'>): string {
  return r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
}

function byGroupVersion(resources: readonly ResourceInfo[]): Map<string, ResourceInfo[]> {
  const out = new Map<string, ResourceInfo[]>();
  for (const r of resources) {
    const p = gvPath(r);
    if (!out.has(p)) out.set(p, []);
    out.get(p)!.push(r);
  }
  return out;
}

function finish(paths: unknown, schemas: Record<string, unknown>): GroupVersionDoc {
  const document = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : 1))) },
  };
  const hash = createHash('sha512').update(JSON.stringify(document)).digest('hex').toUpperCase();
  return { document, hash };
}

let builtin: Map<string, GroupVersionDoc> | undefined;

/** Documents of the built-in kinds (resources without a schema, such as the metrics API, have none). */
function builtinDocuments(): Map<string, GroupVersionDoc> {
  if (builtin) return builtin;
  builtin = new Map();
  for (const [p, all] of byGroupVersion(RESOURCES)) {
    const resources = all.filter((r) => kindSchemaFor(r));
    if (resources.length === 0) continue;
    const { group, version } = resources[0];
    const kinds = KIND_SCHEMAS.filter((k) => k.gvk.group === group && k.gvk.version === version);
    builtin.set(
      p,
      finish(
        pathsFor(resources, (r) => kindSchemaFor(r)!.id),
        componentsFor(kinds),
      ),
    );
  }
  return builtin;
}

const customCache = new WeakMap<OpenApiSource, { generation: number; docs: Map<string, GroupVersionDoc> }>();

/** Called with a custom resource whose document could not be generated (it is left out). */
export type OpenApiErrorHandler = (resource: ResourceInfo, err: unknown) => void;

function customDocument(resources: readonly ResourceInfo[]): GroupVersionDoc {
  return finish(pathsFor(resources, customSchemaId), customComponents(resources));
}

/**
 * One group-version's document of custom resources. A CRD whose schema cannot be turned into a
 * document (however it fails) is left out, alone: the others of its group-version and every other
 * document are still served.
 */
function isolatedCustomDocument(resources: readonly ResourceInfo[], onError?: OpenApiErrorHandler): GroupVersionDoc | undefined {
  try {
    return customDocument(resources);
  } catch {
    const good = resources.filter((r) => {
      try {
        customDocument([r]);
        return true;
      } catch (err) {
        onError?.(r, err);
        return false;
      }
    });
    if (good.length === 0) return undefined;
    try {
      return customDocument(good);
    } catch (err) {
      for (const r of good) onError?.(r, err);
      return undefined;
    }
  }
}

function documents(src: OpenApiSource, onError?: OpenApiErrorHandler): Map<string, GroupVersionDoc> {
  const cached = customCache.get(src);
  if (cached && cached.generation === src.generation) return cached.docs;
  const docs = new Map(builtinDocuments());
  for (const [p, resources] of byGroupVersion(src.resources().filter((r) => r.custom))) {
    const doc = isolatedCustomDocument(resources, onError);
    if (doc) docs.set(p, doc);
  }
  customCache.set(src, { generation: src.generation, docs });
  return docs;
}

/** The body of `GET /openapi/v3`. */
export function openapiV3Index(src: OpenApiSource, onError?: OpenApiErrorHandler): unknown {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [p, d] of documents(src, onError)) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${d.hash}` };
  return { paths };
}

/** The body of `GET /openapi/v3/<path>` (path like 'api/v1', 'apis/apps/v1'), or undefined. */
export function openapiV3Document(src: OpenApiSource, path: string, onError?: OpenApiErrorHandler): unknown | undefined {
  return documents(src, onError).get(path.replace(/^\/+|\/+$/g, ''))?.document;
}

/** The hash of a group-version document, for ETag / cache headers. */
export function openapiV3Hash(src: OpenApiSource, path: string): string | undefined {
  return documents(src).get(path.replace(/^\/+|\/+$/g, ''))?.hash;
}

/** The built-in resources only, for callers without a live registry. */
export const STATIC_OPENAPI_SOURCE: OpenApiSource = { resources: () => RESOURCES, generation: 0 };
