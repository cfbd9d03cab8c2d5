/**
 * `pods/binding` and the legacy `bindings` resource (POST /api/v1/namespaces/<ns>/bindings with
 * the pod's name as the Binding's name): the scheduler's assignment of a pod to a node.
 */
import { badRequest } from '@kemu/api';
import { sendJson } from '../../http/respond.js';
import { bindPod } from '../../registry/pod-subresources.js';
import { readObject } from '../request-body.js';
import type { VerbHandlers } from '../scope.js';
import { writeOptions } from '../write-options.js';

export const bindingHandlers: VerbHandlers = {
  async create(s) {
    const opts = writeOptions(s.query);
    const body = await readObject(s.req);
    return sendJson(s.res, 201, await bindPod(s.store, s.deps.ctx, s.info.namespace!, s.info.name!, body, opts));
  },
};

export const legacyBindingsHandlers: VerbHandlers = {
  async create(s) {
    const opts = writeOptions(s.query);
    const body = await readObject(s.req);
    const podName = body.metadata?.name;
    if (!podName) throw badRequest('Binding metadata.name is required');
    return sendJson(s.res, 201, await bindPod(s.deps.registry.byName('', 'pods'), s.deps.ctx, s.info.namespace!, podName, body, opts));
  },
};
