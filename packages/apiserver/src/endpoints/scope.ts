/**
 * What a resource handler gets (kube-apiserver's handlers.RequestScope plus the request): the
 * server's dependencies, the request and response, the request info, the served resource and its
 * storage. A handler answers the request or throws an ApiError (server.ts writes it as a Status).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ResourceInfo, Verb } from '@kemu/api';
import type { Store } from '@kemu/storage';
import type { Authenticator } from '../auth/index.js';
import type { Cacher } from '../cache/cacher.js';
import type { SummaryFetcher } from '../metrics-api/index.js';
import type { RegistryContext } from '../registry/context.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceStore } from '../registry/resource-store.js';
import type { MaxInFlightFilter } from './filters/max-in-flight.js';
import type { ResourceRequest } from './request-info.js';

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
  /** --max-requests-inflight and --max-mutating-requests-inflight; none = no limit. */
  inFlight?: MaxInFlightFilter;
  /** How metrics.k8s.io scrapes a kubelet's summary. Default: HTTP to its /stats/summary. */
  metricsFetch?: SummaryFetcher;
}

export interface RequestScope {
  deps: ServerDeps;
  req: IncomingMessage;
  res: ServerResponse;
  /** What the URL addresses. */
  info: ResourceRequest;
  verb: Verb;
  query: URLSearchParams;
  /** The served resource the URL names. */
  r: ResourceInfo;
  store: ResourceStore;
  /** Set when the resource is served through a conversion: reads go through this view, not the watch cache. */
  converted?: Store;
}

/** Serves one verb of a resource or subresource. */
export type ResourceHandler = (scope: RequestScope) => Promise<void>;

/** The handlers of a resource or subresource path, by verb; a verb without one is 405. */
export type VerbHandlers = Partial<Record<Verb, ResourceHandler>>;
