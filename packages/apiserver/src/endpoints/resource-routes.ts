/**
 * The route table of resource requests (`/api/v1/…`, `/apis/<group>/<version>/…`): the request
 * info names a served resource (404 otherwise, also for a namespace on a cluster-scoped resource,
 * a name without namespace on a namespaced one, or an undeclared subresource); the path picks the
 * handlers (collection, object, or the subresource's registered ones) and the verb one of them.
 * A verb with no handler, or one the resource (subresource) does not declare, is 405.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { failure, methodNotAllowed, type ResourceInfo, type Verb } from '@kemu/api';
import { COLLECTION_HANDLERS, OBJECT_HANDLERS } from './handlers/index.js';
import { resourceVerb, type ResourceRequest } from './request-info.js';
import type { ResourceHandler, ServerDeps } from './scope.js';
import { collectionHandlers, subresourceHandlers } from './subresources/index.js';

export const notFoundResource = () => failure(404, 'NotFound', 'the server could not find the requested resource', {});

function declaredVerbs(r: ResourceInfo, sub: string | undefined): readonly Verb[] {
  return sub === undefined ? r.verbs : (r.subresources.find((s) => s.name === sub)?.verbs ?? []);
}

function handlerFor(r: ResourceInfo, rr: ResourceRequest, verb: Verb): ResourceHandler | undefined {
  if (rr.subresource !== undefined) return subresourceHandlers(r, rr.subresource)?.[verb];
  if (rr.name === undefined) return (collectionHandlers(r) ?? COLLECTION_HANDLERS)[verb];
  return OBJECT_HANDLERS[verb];
}

export function serveResource(
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  rr: ResourceRequest,
  query: URLSearchParams,
): Promise<void> {
  const r = deps.registry.resourceFor(rr.group, rr.version, rr.resource);
  if (!r) throw notFoundResource();
  if (!r.namespaced && rr.namespace !== undefined) throw notFoundResource();
  if (r.namespaced && rr.name !== undefined && rr.namespace === undefined) throw notFoundResource();
  const sub = rr.subresource;
  if (sub !== undefined && !r.subresources.some((s) => s.name === sub)) throw notFoundResource();
  const verb = resourceVerb(req.method ?? 'GET', rr, query);
  if (verb === undefined || !declaredVerbs(r, sub).includes(verb)) throw methodNotAllowed();
  const handler = handlerFor(r, rr, verb);
  if (!handler) throw methodNotAllowed(sub === undefined ? undefined : `the server does not serve ${r.resource}/${sub} yet`);
  return handler({ deps, req, res, info: rr, verb, query, r, store: deps.registry.get(r), converted: deps.registry.convertedStore(r) });
}
