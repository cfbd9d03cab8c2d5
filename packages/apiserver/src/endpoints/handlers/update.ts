/**
 * PUT of an object, or of a subresource the registry writes as part of it (`status`,
 * `finalize`): 200, or 201 when the PUT created the object.
 */
import { readObject } from '../request-body.js';
import { respondWritten } from '../responses.js';
import type { ResourceHandler } from '../scope.js';
import { writeOptions } from '../write-options.js';

export const updateHandler: ResourceHandler = async (s) => {
  const opts = writeOptions(s.query);
  const body = await readObject(s.req);
  const result = await s.store.update(s.info.namespace, s.info.name!, body, opts, s.info.subresource);
  return respondWritten(s, result, opts);
};
