/**
 * The HTTP front: routes every request to discovery, health, OpenAPI or the resource handlers,
 * and turns anything thrown into a Status response. Nothing here knows a particular kind.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import {
  apiVersionOf, badRequest, failure, methodNotAllowed, parseFieldSelector, parseLabelSelector,
  SelectorParseError, successStatus, supportedFields, unsupportedMediaType, type FieldSelector, type KubeObject,
  type ResourceInfo, type Verb,
} from '@kemu/api';
import { isServerFault, toApiError } from './errors.js';
import { decodeObjectBody, mediaType, parseText, readBody } from './http/body.js';
import { aggregatedDiscoveryVersion, assertAcceptable, wantsTable } from './http/negotiation.js';
import { sendJson, sendStatus, sendText } from './http/respond.js';
import {
  AGGREGATED_CONTENT_TYPE, VERSION_INFO, aggregatedDiscovery, apiGroupDocument, apiGroupList, apiResourceList, apiVersions,
} from './discovery.js';
import { parseApiPath, type ResourceRequest } from './request-info.js';
import type { Registry } from './registry/registry.js';
import type { FieldValidation, RegistryContext, WriteOptions } from './registry/context.js';
import { parseDeleteOptions } from './registry/delete-options.js';
import type { PatchType, ResourceStore, Selection } from './registry/resource-store.js';
import { patchScale, scaleOf, updateScale } from './registry/scale.js';
import { bindPod } from './registry/pod-subresources.js';
import { evictPod } from './registry/eviction.js';
import { parseIncludeObject, toTable } from './tables/index.js';
import { serveWatch } from './watch.js';
import type { Cacher } from './cache/cacher.js';
import { getObject, serveList } from './cache/handlers.js';
import { servePodLog } from './kubelet-proxy.js';
import { routeStreaming } from './streaming/index.js';
import { openapiV3Document, openapiV3Index } from './openapi/index.js';
import { serveConvertedList, serveConvertedWatch } from './registry/converted-reads.js';
import { isPublicPath, type Authenticator } from './auth/index.js';
import { METRICS_GROUP, serveMetrics, type SummaryFetcher } from './metrics-api/index.js';

export interface ServerDeps {
  registry: Registry;
  ctx: RegistryContext;
  log: Logger;
  /** Aborted when the server shuts down: ends open watches and log streams. */
  closing: AbortSignal;
  /** The store answers (for /readyz). */
  ready(): Promise<boolean>;
  /** host:port clients reach this server at (legacy /api serverAddressByClientCIDRs). */
  serverAddress: string;
  bookmarkIntervalMs: number;
  /** Watch caches: every list, watch and get with a resourceVersion is served from them. */
  cacher: Cacher;
  /** When set, every request outside the public paths needs valid credentials (else 401). */
  authenticator?: Authenticator;
  /** How metrics.k8s.io scrapes a kubelet's summary. Default: HTTP to its /stats/summary. */
  metricsFetch?: SummaryFetcher;
}

const notFoundResource = () => failure(404, 'NotFound', 'the server could not find the requested resource', {});

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

export function createRequestHandler(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = Date.now();
    handle(deps, req, res).catch((err) => {
      const apiErr = toApiError(err);
      if (isServerFault(err)) deps.log.error({ err, method: req.method, url: req.url }, 'request failed');
      try {
        if (res.headersSent) {
          if (!res.writableEnded) res.end();
          return;
        }
        sendStatus(res, apiErr.status);
      } catch (writeErr) {
        deps.log.debug({ err: writeErr }, 'could not answer a failed request');
        res.destroy();
      }
    }).finally(() => {
      deps.log.debug({ method: req.method, url: req.url, code: res.statusCode, ms: Date.now() - started }, 'request');
    });
  };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://apiserver');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (deps.authenticator && !isPublicPath(path)) deps.authenticator.authenticate(req);

  if (path === '/version' || path === '/version/') return sendJson(res, 200, VERSION_INFO);
  if (path === '/healthz' || path === '/livez' || path.startsWith('/healthz/') || path.startsWith('/livez/')) return sendText(res, 200, 'ok');
  if (path === '/readyz' || path.startsWith('/readyz/')) {
    return (await deps.ready()) ? sendText(res, 200, 'ok') : sendText(res, 500, '[-]etcd failed: the store is unreachable\nreadyz check failed\n');
  }
  if (path === '/openapi/v3' || path === '/openapi/v3/') return sendJson(res, 200, openapiV3Index(deps.registry));
  if (path.startsWith('/openapi/v3/')) {
    const doc = openapiV3Document(deps.registry, path.slice('/openapi/v3/'.length));
    if (doc === undefined) throw notFoundResource();
    return sendJson(res, 200, doc);
  }

  const streaming = routeStreaming(req, res, path, url.search, deps.registry);
  if (streaming) return streaming;
  const parsed = parseApiPath(path);
  if (!parsed) throw notFoundResource();
  assertAcceptable(req.headers.accept);
  switch (parsed.kind) {
    case 'root': {
      if (method !== 'GET') throw methodNotAllowed();
      const v = aggregatedDiscoveryVersion(req.headers.accept);
      if (v) return sendJson(res, 200, aggregatedDiscovery(deps.registry.resources(), parsed.prefix, v), { 'Content-Type': AGGREGATED_CONTENT_TYPE(v), Vary: 'Accept' });
      return sendJson(res, 200, parsed.prefix === 'api' ? apiVersions(deps.serverAddress) : apiGroupList(deps.registry.resources()), { Vary: 'Accept' });
    }
    case 'group': {
      const doc = apiGroupDocument(deps.registry.resources(), parsed.group);
      if (!doc) throw notFoundResource();
      return sendJson(res, 200, doc);
    }
    case 'groupVersion': {
      const doc = apiResourceList(deps.registry.resources(), parsed.group, parsed.version);
      if (!doc) throw notFoundResource();
      return sendJson(res, 200, doc);
    }
    case 'resource':
      if (parsed.request.group === METRICS_GROUP) {
        return serveMetrics({ registry: deps.registry, clock: deps.ctx.clock, fetch: deps.metricsFetch }, req, res, parsed.request, url.searchParams);
      }
      return handleResource(deps, req, res, parsed.request, url.searchParams, method);
  }
}

function writeOptions(q: URLSearchParams): WriteOptions {
  const dryRun = q.getAll('dryRun');
  for (const d of dryRun) if (d !== 'All') throw badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
  const fv = q.get('fieldValidation') ?? 'Warn';
  if (fv !== 'Strict' && fv !== 'Warn' && fv !== 'Ignore') {
    throw badRequest(`fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Strict", "Warn"`);
  }
  const fieldManager = q.get('fieldManager') ?? undefined;
  if (fieldManager !== undefined && fieldManager.length > 128) throw badRequest('fieldManager: Too long: may not be more than 128 bytes');
  return { dryRun: dryRun.length > 0, fieldValidation: fv as FieldValidation, fieldManager, force: q.get('force') === 'true', warnings: [] };
}

function warningHeaders(opts: WriteOptions): Record<string, string> | undefined {
  const unique = [...new Set(opts.warnings)];
  if (unique.length === 0) return undefined;
  return { Warning: unique.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}

function selection(r: ResourceInfo, q: URLSearchParams, name?: string): Selection {
  let label;
  let field: FieldSelector;
  try {
    label = parseLabelSelector(q.get('labelSelector'));
    field = parseFieldSelector(q.get('fieldSelector'));
  } catch (err) {
    if (err instanceof SelectorParseError) throw badRequest(`unable to parse requirement: ${err.message}`);
    throw err;
  }
  const supported = supportedFields(r.group, r.resource);
  for (const req of field.requirements) {
    if (!supported.includes(req.field)) throw badRequest(`"${req.field}" is not a known field selector: only "${supported.join('", "')}"`);
  }
  if (name !== undefined) {
    const base = field;
    field = { requirements: base.requirements, empty: () => false, matches: (f) => f['metadata.name'] === name && base.matches(f) };
  }
  return { label, field };
}

function requireVerb(r: ResourceInfo, verb: Verb, sub?: string): void {
  const verbs = sub ? r.subresources.find((s) => s.name === sub)?.verbs ?? [] : r.verbs;
  if (!verbs.includes(verb)) throw methodNotAllowed();
}

function isWatch(q: URLSearchParams, rr: ResourceRequest): boolean {
  const w = q.get('watch');
  return rr.legacyWatch || w === 'true' || w === '1';
}

async function readObject(req: IncomingMessage): Promise<KubeObject> {
  const buf = await readBody(req);
  return decodeObjectBody(buf, req.headers['content-type']);
}

async function readPatch(req: IncomingMessage): Promise<{ type: PatchType; patch: unknown }> {
  const ct = req.headers['content-type'];
  const type = PATCH_TYPES[mediaType(ct)];
  if (!type) throw unsupportedMediaType(ct ?? '');
  const buf = await readBody(req);
  const patch = parseText(buf, type === 'apply' ? 'yaml' : 'json');
  return { type, patch };
}

async function handleResource(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, rr: ResourceRequest, q: URLSearchParams, method: string): Promise<void> {
  const r = deps.registry.resourceFor(rr.group, rr.version, rr.resource);
  if (!r) throw notFoundResource();
  if (!r.namespaced && rr.namespace !== undefined) throw notFoundResource();
  if (r.namespaced && rr.name !== undefined && rr.namespace === undefined && rr.resource !== 'namespaces') throw notFoundResource();
  const sub = rr.subresource;
  if (sub !== undefined && !r.subresources.some((s) => s.name === sub)) throw notFoundResource();
  const store = deps.registry.get(r);
  // Served through a conversion: read through the converting view, not the watch cache.
  const converted = deps.registry.convertedStore(r);
  const tableOpts = () => (wantsTable(req.headers.accept) ? { includeObject: parseIncludeObject(q.get('includeObject')) } : undefined);
  const ns = rr.namespace;
  const accept = req.headers.accept;
  const now = deps.ctx.clock.now();

  const respondObject = (code: number, obj: KubeObject, headers?: Record<string, string>) => {
    if (wantsTable(accept) && method === 'GET') {
      return sendJson(res, code, toTable(r, [obj], now, { includeObject: parseIncludeObject(q.get('includeObject')), resourceVersion: obj.metadata.resourceVersion }));
    }
    return sendJson(res, code, obj, headers);
  };

  if (method === 'GET') {
    if (rr.name === undefined) {
      if (isWatch(q, rr)) {
        requireVerb(r, 'watch');
        if (converted) return serveConvertedWatch(res, store, ns, selection(r, q), q, tableOpts(), { storage: converted, clock: deps.ctx.clock, closing: deps.closing });
        return watch(deps, res, store, ns, selection(r, q), q, accept);
      }
      requireVerb(r, 'list');
      if (converted) return serveConvertedList(res, store, ns, selection(r, q), wantsTable(accept) ? { ...tableOpts()!, now } : undefined);
      return serveList(res, deps.cacher, r, ns, selection(r, q), q,
        wantsTable(accept) ? { includeObject: parseIncludeObject(q.get('includeObject')), now } : undefined);
    }
    if (sub === undefined) {
      if (isWatch(q, rr)) {
        requireVerb(r, 'watch');
        if (converted) return serveConvertedWatch(res, store, ns, selection(r, q, rr.name), q, tableOpts(), { storage: converted, clock: deps.ctx.clock, closing: deps.closing });
        return watch(deps, res, store, ns, selection(r, q, rr.name), q, accept);
      }
      requireVerb(r, 'get');
      return respondObject(200, converted ? await store.get(ns, rr.name) : await getObject(deps.cacher, store, ns, rr.name, q));
    }
    requireVerb(r, 'get', sub);
    if (sub === 'status') return respondObject(200, converted ? await store.get(ns, rr.name) : await getObject(deps.cacher, store, ns, rr.name, q));
    if (sub === 'scale') return sendJson(res, 200, scaleOf(await store.get(ns, rr.name)));
    if (sub === 'log') return servePodLog(req, res, store, deps.registry.byName('', 'nodes'), ns!, rr.name, q);
    throw methodNotAllowed(`the server does not serve ${r.resource}/${sub} yet`);
  }

  if (method === 'POST') {
    const opts = writeOptions(q);
    if (rr.name === undefined) {
      requireVerb(r, 'create');
      const body = await readObject(req);
      if (r.group === '' && r.resource === 'bindings') {
        const podName = body.metadata?.name;
        if (!podName) throw badRequest('Binding metadata.name is required');
        return sendJson(res, 201, await bindPod(deps.registry.byName('', 'pods'), deps.ctx, ns!, podName, body, opts));
      }
      const created = await store.create(ns, body, opts);
      return sendJson(res, 201, created, warningHeaders(opts));
    }
    if (sub === 'binding') {
      requireVerb(r, 'create', sub);
      return sendJson(res, 201, await bindPod(store, deps.ctx, ns!, rr.name, await readObject(req), opts));
    }
    if (sub === 'eviction') {
      requireVerb(r, 'create', sub);
      return sendJson(res, 201, await evictPod(store, deps.registry.byName('policy', 'poddisruptionbudgets'), deps.ctx, ns!, rr.name, await readObject(req), opts));
    }
    throw methodNotAllowed();
  }

  if (method === 'PUT') {
    if (rr.name === undefined) throw methodNotAllowed();
    const opts = writeOptions(q);
    const body = await readObject(req);
    if (sub === 'scale') {
      requireVerb(r, 'update', sub);
      return sendJson(res, 200, await updateScale(store, ns, rr.name, body, opts));
    }
    if (sub !== undefined && sub !== 'status' && sub !== 'finalize') throw methodNotAllowed();
    requireVerb(r, 'update', sub);
    const result = await store.update(ns, rr.name, body, opts, sub);
    return sendJson(res, result.created ? 201 : 200, result.object, warningHeaders(opts));
  }

  if (method === 'PATCH') {
    if (rr.name === undefined) throw methodNotAllowed();
    const opts = writeOptions(q);
    const { type, patch } = await readPatch(req);
    if (type === 'apply' && !opts.fieldManager) throw badRequest('PATCH ' + req.url + ': fieldManager is required for apply requests');
    if (sub === 'scale') {
      requireVerb(r, 'patch', sub);
      return sendJson(res, 200, await patchScale(store, ns, rr.name, type, patch, opts));
    }
    if (sub !== undefined && sub !== 'status') throw methodNotAllowed();
    requireVerb(r, 'patch', sub);
    const result = await store.patch(ns, rr.name, type, patch, opts, sub);
    return sendJson(res, result.created ? 201 : 200, result.object, warningHeaders(opts));
  }

  if (method === 'DELETE') {
    const opts = writeOptions(q);
    const buf = await readBody(req);
    const body = buf.length ? parseText(buf, mediaType(req.headers['content-type']) === 'application/yaml' ? 'yaml' : 'json') : undefined;
    const options = parseDeleteOptions(body, q);
    if ((options.dryRun ?? []).includes('All')) opts.dryRun = true;
    if (rr.name === undefined) {
      requireVerb(r, 'deletecollection');
      const { items, revision } = await store.deleteCollection(ns, selection(r, q), options, opts);
      return sendJson(res, 200, { kind: r.listKind, apiVersion: apiVersionOf(r), metadata: { resourceVersion: String(revision) }, items });
    }
    if (sub !== undefined) throw methodNotAllowed();
    requireVerb(r, 'delete');
    const { object, gone } = await store.delete(ns, rr.name, options, opts);
    if (!gone || store.strategy.returnDeletedObject) return sendJson(res, 200, object);
    return sendJson(res, 200, { ...successStatus({ name: rr.name, group: r.group, kind: r.resource, uid: object.metadata.uid }) });
  }

  throw methodNotAllowed();
}

function watch(deps: ServerDeps, res: ServerResponse, store: ResourceStore, namespace: string | undefined, sel: Selection,
  q: URLSearchParams, accept: string | undefined): Promise<void> {
  const timeout = q.get('timeoutSeconds');
  const timeoutSeconds = timeout !== null ? Number(timeout) : undefined;
  if (timeoutSeconds !== undefined && !Number.isFinite(timeoutSeconds)) throw badRequest(`invalid timeoutSeconds ${JSON.stringify(timeout)}`);
  return serveWatch(res, {
    resource: store,
    namespace,
    selection: sel,
    query: q,
    timeoutSeconds,
    table: wantsTable(accept) ? { includeObject: parseIncludeObject(q.get('includeObject')) } : undefined,
  }, { cacher: deps.cacher, clock: deps.ctx.clock, log: deps.log, closing: deps.closing, bookmarkIntervalMs: deps.bookmarkIntervalMs });
}

