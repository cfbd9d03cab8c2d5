/**
 * GET of a collection: from the watch cache, with resourceVersion semantics and pagination; a
 * resource served through a conversion is listed at one revision through its converting view.
 * A Table when the client asked for one.
 */
import { apiVersionOf } from '@kemu/api';
import { listBody, listMeta, sendJsonBytes } from '../../cache/http.js';
import { parseListOptions } from '../../cache/read-options.js';
import { sendJson } from '../../http/respond.js';
import { toTable } from '../../tables/index.js';
import { tableOptions } from '../responses.js';
import type { ResourceHandler } from '../scope.js';
import { selection } from '../selection.js';

export const listHandler: ResourceHandler = async (s) => {
  const { r, res, info } = s;
  const sel = selection(r, s.query);
  const table = tableOptions(s);
  const now = s.deps.ctx.clock.now();
  if (s.converted) {
    const { items, revision } = await s.store.list(info.namespace, sel);
    if (table) return sendJson(res, 200, toTable(r, items, now, { ...table, resourceVersion: String(revision) }));
    return sendJson(res, 200, { kind: r.listKind, apiVersion: apiVersionOf(r), metadata: { resourceVersion: String(revision) }, items });
  }
  const result = await s.deps.cacher.list(r, info.namespace, sel, parseListOptions(s.query));
  if (!table) return sendJsonBytes(res, 200, listBody(r, result));
  const t = toTable(
    r,
    result.items.map((o) => o.object),
    now,
    table,
  );
  (t as { metadata: object }).metadata = listMeta(result);
  return sendJson(res, 200, t);
};
