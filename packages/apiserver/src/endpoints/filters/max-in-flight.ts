/**
 * The in-flight limit, as kube-apiserver's WithMaxInFlightLimit filter with
 * `--max-requests-inflight` (read-only requests) and `--max-mutating-requests-inflight`
 * (everything else): a request that finds its class full is answered at once with 429
 * "Too many requests, please try again later." and `Retry-After: 1`, before any handler reads
 * its body. A limit of 0 means no limit for that class.
 *
 * Not counted, as in Kubernetes: long-running requests (watches, and the attach, exec, log,
 * portforward and proxy subresources — upgrades never reach this filter at all), requests of
 * the `system:masters` group (this apiserver's own loopback client), and the health and version
 * probes (which Priority and Fairness, kube's default, puts in its exempt level).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isPublicPath } from '../../auth/index.js';
import type { UserInfo } from '../../auth/user.js';
import { parseApiPath, resourceVerb } from '../request-info.js';

export interface MaxInFlightOptions {
  /** `--max-requests-inflight`: read-only requests (get, list) at once; 0 = no limit. Default 1000. */
  maxRequestsInFlight?: number;
  /** `--max-mutating-requests-inflight`: writes at once; 0 = no limit. Default 500. */
  maxMutatingRequestsInFlight?: number;
}

/**
 * kube-apiserver's defaults are 400 and 200, but its controllers send at most 20–30 requests/s
 * (client-go's QPS limit), while kemu's send as fast as the apiserver answers: the ReplicaSet
 * controller's burst of 500 creates goes out over up to 256 connections, and the scheduler keeps 64
 * bindings in flight. With 200 those bursts met 429s and a 1 s Retry-After (a 10 000-replica
 * Deployment: 27 s → 33 s). 500 is above what kemu's own components can have in flight together;
 * `--max-mutating-requests-inflight 200` gives kube-apiserver's behaviour.
 */
export const DEFAULT_MAX_REQUESTS_INFLIGHT = 1000;
export const DEFAULT_MAX_MUTATING_REQUESTS_INFLIGHT = 500;

/** The body kube-apiserver's filter answers with (plain text, like Go's http.Error). */
export const TOO_MANY_REQUESTS_MESSAGE = 'Too many requests, please try again later.';
const RETRY_AFTER_SECONDS = '1';

const LONG_RUNNING_SUBRESOURCES = new Set(['attach', 'exec', 'log', 'portforward', 'proxy']);
const SYSTEM_PRIVILEGED_GROUP = 'system:masters';

type RequestClass = 'readOnly' | 'mutating' | 'exempt';

/** Which limit a request counts against. */
export function classify(method: string, url: URL, user: UserInfo | undefined): RequestClass {
  if (user?.groups.includes(SYSTEM_PRIVILEGED_GROUP)) return 'exempt';
  if (isPublicPath(url.pathname)) return 'exempt';
  const parsed = parseApiPath(url.pathname);
  if (parsed?.kind === 'resource') {
    const rr = parsed.request;
    if (rr.subresource !== undefined && LONG_RUNNING_SUBRESOURCES.has(rr.subresource)) return 'exempt';
    if (rr.resource === 'proxy') return 'exempt';
    const verb = resourceVerb(method, rr, url.searchParams);
    if (verb === 'watch') return 'exempt';
    return verb === 'get' || verb === 'list' ? 'readOnly' : 'mutating';
  }
  // Non-resource requests (discovery, /openapi, /metrics): kube's verb is the lower-cased method.
  return method === 'GET' || method === 'HEAD' ? 'readOnly' : 'mutating';
}

export class MaxInFlightFilter {
  private readonly limits: Record<Exclude<RequestClass, 'exempt'>, number>;
  /** Requests of each class admitted and not yet closed; never above a non-zero limit. */
  private readonly inFlight = { readOnly: 0, mutating: 0 };

  constructor(opts: MaxInFlightOptions = {}) {
    this.limits = {
      readOnly: opts.maxRequestsInFlight ?? DEFAULT_MAX_REQUESTS_INFLIGHT,
      mutating: opts.maxMutatingRequestsInFlight ?? DEFAULT_MAX_MUTATING_REQUESTS_INFLIGHT,
    };
  }

  /** Requests in flight now, by class. */
  current(): { readOnly: number; mutating: number } {
    return { ...this.inFlight };
  }

  /**
   * Admits the request (its slot is released when the response closes) or answers it with 429.
   * Returns false when it answered.
   */
  admit(req: IncomingMessage, res: ServerResponse, url: URL, user: UserInfo | undefined): boolean {
    const cls = classify(req.method ?? 'GET', url, user);
    if (cls === 'exempt') return true;
    const limit = this.limits[cls];
    if (limit <= 0) return true;
    if (this.inFlight[cls] >= limit) {
      tooManyRequests(res);
      return false;
    }
    this.inFlight[cls]++;
    res.once('close', () => {
      this.inFlight[cls]--;
    });
    return true;
  }
}

function tooManyRequests(res: ServerResponse): void {
  const body = `${TOO_MANY_REQUESTS_MESSAGE}\n`;
  res.writeHead(429, {
    'Retry-After': RETRY_AFTER_SECONDS,
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}
