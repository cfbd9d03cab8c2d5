/**
 * The discovery documents of the API paths that name no resource: /api and /apis (legacy or
 * aggregated by Accept), /apis/<group>, and /api/v1 or /apis/<group>/<version>. Unknown groups
 * and versions are 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { methodNotAllowed } from '@kemu/api';
import {
  AGGREGATED_CONTENT_TYPE,
  aggregatedDiscovery,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from '../discovery.js';
import { aggregatedDiscoveryVersion } from '../http/negotiation.js';
import { sendJson } from '../http/respond.js';
import type { ApiPath } from './request-info.js';
import { notFoundResource } from './resource-routes.js';
import type { ServerDeps } from './scope.js';

type DiscoveryPath = Exclude<ApiPath, { kind: 'resource' }>;

export function serveDiscovery(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, path: DiscoveryPath): void {
  const served = deps.registry.resources();
  switch (path.kind) {
    case 'root': {
      if (req.method !== 'GET') throw methodNotAllowed();
      const v = aggregatedDiscoveryVersion(req.headers.accept);
      if (v) {
        const headers = { 'Content-Type': AGGREGATED_CONTENT_TYPE(v), Vary: 'Accept' };
        return sendJson(res, 200, aggregatedDiscovery(served, path.prefix, v), headers);
      }
      return sendJson(res, 200, path.prefix === 'api' ? apiVersions(deps.serverAddress) : apiGroupList(served), { Vary: 'Accept' });
    }
    case 'group': {
      const doc = apiGroupDocument(served, path.group);
      if (!doc) throw notFoundResource();
      return sendJson(res, 200, doc);
    }
    case 'groupVersion': {
      const doc = apiResourceList(served, path.group, path.version);
      if (!doc) throw notFoundResource();
      return sendJson(res, 200, doc);
    }
  }
}
