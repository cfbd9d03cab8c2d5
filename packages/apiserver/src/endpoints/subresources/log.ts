/** `pods/log`: the container's log streamed from its node's kubelet (kubelet-proxy.ts). */
import { servePodLog } from '../../kubelet-proxy.js';
import type { VerbHandlers } from '../scope.js';

export const logHandlers: VerbHandlers = {
  get: (s) => servePodLog(s.req, s.res, s.store, s.deps.registry.byName('', 'nodes'), s.info.namespace!, s.info.name!, s.query),
};
