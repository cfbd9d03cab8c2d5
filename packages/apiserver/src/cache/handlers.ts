/** The GET list and GET object handlers' use of the cacher (wired in server.ts). */
import type { ServerResponse } from 'node:http';
import type { KubeObject, ResourceInfo } from '@kemu/api';
import type { ResourceStore, Selection } from '../registry/resource-store.js';
import { toTable, type IncludeObject } from '../tables/index.js';
import { sendJson } from '../http/respond.js';
import type { Cacher } from './cacher.js';
import { listBody, listMeta, sendJsonBytes } from './http.js';
import { parseGetOptions, parseListOptions } from './read-options.js';

/** GET of a collection: from the watch cache, with resourceVersion semantics and pagination. */
export async function serveList(res: ServerResponse, cacher: Cacher, r: ResourceInfo, namespace: string | undefined, sel: Selection,
  q: URLSearchParams, table: { includeObject: IncludeObject; now: number } | undefined): Promise<void> {
  const result = await cacher.list(r, namespace, sel, parseListOptions(q));
  if (!table) return sendJsonBytes(res, 200, listBody(r, result));
  const t = toTable(r, result.items.map((o) => o.object), table.now, { includeObject: table.includeObject });
  (t as { metadata: object }).metadata = listMeta(result);
  return sendJson(res, 200, t);
}

/**
 * GET of one object: without resourceVersion a linearizable read of the store (as
 * kube-apiserver reads etcd); with one, from the watch cache ("0" any, N not older than N,
 * resourceVersionMatch=Exact at exactly N).
 */
export async function getObject(cacher: Cacher, store: ResourceStore, namespace: string | undefined, name: string,
  q: URLSearchParams): Promise<KubeObject> {
  const o = parseGetOptions(q);
  if (o.resourceVersion === '') return store.get(namespace, name);
  return cacher.get(store.r, namespace, name, o);
}
