/** `pods/eviction`: a delete that respects PodDisruptionBudgets (registry/eviction.ts); 201 with a Success Status. */
import { sendJson } from '../../http/respond.js';
import { evictPod } from '../../registry/eviction.js';
import { readObject } from '../request-body.js';
import type { VerbHandlers } from '../scope.js';
import { writeOptions } from '../write-options.js';

export const evictionHandlers: VerbHandlers = {
  async create(s) {
    const opts = writeOptions(s.query);
    const body = await readObject(s.req);
    const budgets = s.deps.registry.byName('policy', 'poddisruptionbudgets');
    return sendJson(s.res, 201, await evictPod(s.store, budgets, s.deps.ctx, s.info.namespace!, s.info.name!, body, opts));
  },
};
