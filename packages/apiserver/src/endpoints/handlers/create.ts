/** POST to a collection: the registry's create pipeline; 201 with the created object and the write's warnings. */
import { readObject } from '../request-body.js';
import { respondWritten } from '../responses.js';
import type { ResourceHandler } from '../scope.js';
import { writeOptions } from '../write-options.js';

export const createHandler: ResourceHandler = async (s) => {
  const opts = writeOptions(s.query);
  const created = await s.store.create(s.info.namespace, await readObject(s.req), opts);
  return respondWritten(s, { object: created, created: true }, opts);
};
