/**
 * DELETE of an object (the object while it is being deleted or when its strategy returns it,
 * else a Success Status) and of a collection (a list of what the selected objects were left as).
 * DeleteOptions come from the body or the query; `dryRun=All` in either makes it a dry run.
 */
import { apiVersionOf, successStatus } from '@kemu/api';
import { sendJson } from '../../http/respond.js';
import type { WriteOptions } from '../../registry/context.js';
import type { DeleteOptionsBody } from '../../registry/delete-options.js';
import { readDeleteOptions } from '../request-body.js';
import type { RequestScope, ResourceHandler } from '../scope.js';
import { selection } from '../selection.js';
import { writeOptions } from '../write-options.js';

async function readDelete(s: RequestScope): Promise<{ opts: WriteOptions; options: DeleteOptionsBody }> {
  const opts = writeOptions(s.query);
  const options = await readDeleteOptions(s.req, s.query);
  if ((options.dryRun ?? []).includes('All')) opts.dryRun = true;
  return { opts, options };
}

export const deleteHandler: ResourceHandler = async (s) => {
  const { opts, options } = await readDelete(s);
  const { r, store, info } = s;
  const { object, gone } = await store.delete(info.namespace, info.name!, options, opts);
  if (!gone || store.strategy.returnDeletedObject) return sendJson(s.res, 200, object);
  return sendJson(s.res, 200, { ...successStatus({ name: info.name, group: r.group, kind: r.resource, uid: object.metadata.uid }) });
};

export const deleteCollectionHandler: ResourceHandler = async (s) => {
  const { opts, options } = await readDelete(s);
  const { r, store, info } = s;
  const { items, revision } = await store.deleteCollection(info.namespace, selection(r, s.query), options, opts);
  return sendJson(s.res, 200, { kind: r.listKind, apiVersion: apiVersionOf(r), metadata: { resourceVersion: String(revision) }, items });
};
