/**
 * The route table of the apiserver, in the order a request meets it: authentication (outside
 * the public paths), the in-flight limit (filters/max-in-flight.ts), non-resource paths, the streaming subresources (exec, attach, portforward,
 * proxy), discovery, API groups served by an aggregated server of their own (metrics.k8s.io), and
 * the resource routes. Anything else is 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isPublicPath } from '../auth/index.js';
import { assertAcceptable } from '../http/negotiation.js';
import { METRICS_GROUP, serveMetrics } from '../metrics-api/index.js';
import { routeStreaming } from '../streaming/index.js';
import { serveDiscovery } from './discovery-routes.js';
import { nonResourceRoute } from './non-resource.js';
import { parseApiPath, type ResourceRequest } from './request-info.js';
import { notFoundResource, serveResource } from './resource-routes.js';
import type { ServerDeps } from './scope.js';

type GroupServer = (
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  rr: ResourceRequest,
  query: URLSearchParams,
) => Promise<void>;

/** API groups whose resources another server serves (kube-aggregator's APIServices). */
const AGGREGATED_GROUPS = new Map<string, GroupServer>([
  [
    METRICS_GROUP,
    (deps, req, res, rr, q) => serveMetrics({ registry: deps.registry, clock: deps.ctx.clock, fetch: deps.metricsFetch }, req, res, rr, q),
  ],
]);

export async function route(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://apiserver');
  const path = url.pathname;
  const user = deps.authenticator && !isPublicPath(path) ? deps.authenticator.authenticate(req) : undefined;
  if (deps.inFlight && !deps.inFlight.admit(req, res, url, user)) return;

  const nonResource = nonResourceRoute(path);
  if (nonResource) return nonResource(deps, req, res, path);
  const streaming = routeStreaming(req, res, path, url.search, deps.registry);
  if (streaming) return streaming;

  const parsed = parseApiPath(path);
  if (!parsed) throw notFoundResource();
  assertAcceptable(req.headers.accept);
  if (parsed.kind !== 'resource') return serveDiscovery(deps, req, res, parsed);
  const aggregated = AGGREGATED_GROUPS.get(parsed.request.group);
  if (aggregated) return aggregated(deps, req, res, parsed.request, url.searchParams);
  return serveResource(deps, req, res, parsed.request, url.searchParams);
}
