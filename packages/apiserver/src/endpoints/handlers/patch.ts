/**
 * PATCH of an object or of its `status` (JSON, merge, strategic merge patch or server-side apply,
 * by Content-Type): 200, or 201 when an apply created the object. Apply needs a fieldManager.
 */
import { badRequest } from '@kemu/api';
import type { PatchType } from '@kemu/api';
import type { WriteOptions } from '../../registry/context.js';
import { readPatch } from '../request-body.js';
import { respondWritten } from '../responses.js';
import type { RequestScope, ResourceHandler } from '../scope.js';
import { writeOptions } from '../write-options.js';

/** The write options and patch of a PATCH request (also the scale subresource's). */
export async function readPatchRequest(s: RequestScope): Promise<{ opts: WriteOptions; type: PatchType; patch: unknown }> {
  const opts = writeOptions(s.query);
  const { type, patch } = await readPatch(s.req);
  if (type === 'apply' && !opts.fieldManager) throw badRequest('PATCH ' + s.req.url + ': fieldManager is required for apply requests');
  return { opts, type, patch };
}

export const patchHandler: ResourceHandler = async (s) => {
  const { opts, type, patch } = await readPatchRequest(s);
  const result = await s.store.patch(s.info.namespace, s.info.name!, type, patch, opts, s.info.subresource);
  return respondWritten(s, result, opts);
};
