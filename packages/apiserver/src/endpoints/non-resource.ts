/**
 * Non-resource paths, each its own route entry: /version, the health checks (/healthz, /livez,
 * /readyz and their /<check> sub-paths) and the OpenAPI v3 documents. A path is matched exactly,
 * or as a tree (the path itself and everything under `<path>/`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { VERSION_INFO } from '../discovery.js';
import { sendJson, sendText } from '../http/respond.js';
import { type OpenApiErrorHandler, openapiV3Document, openapiV3Index } from '../openapi/index.js';
import { notFoundResource } from './resource-routes.js';
import type { ServerDeps } from './scope.js';

type Serve = (deps: ServerDeps, req: IncomingMessage, res: ServerResponse, path: string) => void | Promise<void>;

interface NonResourceRoute {
  /** Paths served exactly. */
  exact?: string[];
  /** Paths served with everything under them. */
  tree?: string[];
  serve: Serve;
}

const OPENAPI_V3 = '/openapi/v3/';

const ROUTES: NonResourceRoute[] = [
  { exact: ['/version', '/version/'], serve: (_d, _q, res) => sendJson(res, 200, VERSION_INFO) },
  { tree: ['/healthz', '/livez'], serve: (_d, _q, res) => sendText(res, 200, 'ok') },
  {
    tree: ['/readyz'],
    serve: async (deps, _q, res) =>
      (await deps.ready())
        ? sendText(res, 200, 'ok')
        : sendText(res, 500, '[-]etcd failed: the store is unreachable\nreadyz check failed\n'),
  },
  {
    exact: ['/openapi/v3', OPENAPI_V3],
    serve: (deps, _q, res) => sendJson(res, 200, openapiV3Index(deps.registry, openApiErrorLogger(deps))),
  },
  {
    tree: ['/openapi/v3'],
    serve: (deps, _q, res, path) => {
      const doc = openapiV3Document(deps.registry, path.slice(OPENAPI_V3.length), openApiErrorLogger(deps));
      if (doc === undefined) throw notFoundResource();
      return sendJson(res, 200, doc);
    },
  },
];

function openApiErrorLogger(deps: ServerDeps): OpenApiErrorHandler {
  return (r, err) =>
    deps.log.error(
      { err, group: r.group, version: r.version, resource: r.resource },
      'OpenAPI document of a custom resource failed; left out',
    );
}

/** The route serving a non-resource path, if one does. */
export function nonResourceRoute(path: string): Serve | undefined {
  return ROUTES.find((r) => r.exact?.includes(path) || r.tree?.some((t) => path === t || path.startsWith(t + '/')))?.serve;
}
