/** `scale` (autoscaling/v1 Scale) of the replicated workloads and of custom resources that declare it: get, update, patch. */
import { sendJson } from '../../http/respond.js';
import { patchScale, scaleOf, updateScale } from '../../registry/scale.js';
import { readPatchRequest } from '../handlers/index.js';
import { readObject } from '../request-body.js';
import type { VerbHandlers } from '../scope.js';
import { writeOptions } from '../write-options.js';

export const scaleHandlers: VerbHandlers = {
  async get(s) {
    return sendJson(s.res, 200, scaleOf(await s.store.get(s.info.namespace, s.info.name!)));
  },
  async update(s) {
    const opts = writeOptions(s.query);
    const body = await readObject(s.req);
    return sendJson(s.res, 200, await updateScale(s.store, s.info.namespace, s.info.name!, body, opts));
  },
  async patch(s) {
    const { opts, type, patch } = await readPatchRequest(s);
    return sendJson(s.res, 200, await patchScale(s.store, s.info.namespace, s.info.name!, type, patch, opts));
  },
};
