/**
 * RestClient: the Client over HTTP(S) to one or more apiservers.
 *
 * - JSON bodies; non-2xx answers reject with an ApiError carrying the server's Status (a body
 *   that is not a Status becomes one built from the HTTP code).
 * - Transport failures (refused, reset, unreachable, timeout) move to the next server. A request
 *   that certainly never reached a server (connection refused, or a reset on a reused keep-alive
 *   socket) is retried whatever its verb; otherwise only idempotent verbs (GET, PUT, DELETE) are.
 *   After `maxAttempts` the call rejects with a plain Error whose `code` is the transport's.
 * - `watch()` streams the newline-delimited WatchEvents of a chunked response.
 */
import http from 'node:http';
import https from 'node:https';
import {
  ApiError,
  badRequest,
  resourcePath,
  type KubeList,
  type KubeObject,
  type ResourceInfo,
  type Status,
  type StatusReason,
  type WatchEvent,
} from '@kemu/api';
import type { Logger } from 'pino';
import type { Client, DeleteOptions, ListOptions, PatchType, WatchOptions, WriteOptions } from './interfaces.js';
import { AGGREGATED_DISCOVERY_ACCEPT, resourcesFromAggregatedDiscovery } from './discovery.js';
import { silentLogger } from './logger.js';
import { loadKubeconfig } from './kubeconfig.js';

export interface RestClientOptions {
  /** Base URLs, e.g. `['http://127.0.0.1:6443']`; tried in order, failing over on transport errors. */
  servers: string[];
  /** Default `kemu-client/v1.32.0`. */
  userAgent?: string;
  logger?: Logger;
  /** Bearer token (sent over https only, like client-go). */
  token?: string;
  /** PEM CA bundle that https servers' certificates must chain to. Default: Node's public roots. */
  ca?: string | Buffer;
  /** Skip TLS verification of https servers (a teaching shortcut, never the default). Default false. */
  insecureSkipTLSVerify?: boolean;
  /** Per-request timeout for non-watch requests. Default 30 s. */
  requestTimeoutMs?: number;
  /** Attempts per request across servers before giving up. Default max(3, 2 × servers). */
  maxAttempts?: number;
  /** First retry delay, doubled per attempt, capped at 2 s. Default 100 ms. */
  retryBaseDelayMs?: number;
  /** Default fieldManager for writes (required by server-side apply). */
  fieldManager?: string;
}

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};

const REASON_BY_CODE: Record<number, StatusReason> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** Transport error codes after which the request certainly did not reach the server. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
/** Times a request is repeated because the server answered with Retry-After. */
const MAX_RETRY_AFTER = 10;

/** Thrown on transport failures; `code` is Node's (ECONNREFUSED, ECONNRESET, ETIMEDOUT…). */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly server: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

interface RequestSpec {
  method: string;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  /** Default application/json. */
  accept?: string;
}

/** Builds the Status for a non-2xx answer whose body is not a Status. */
export function statusFromResponse(code: number, body: string): Status {
  try {
    const parsed = JSON.parse(body) as Partial<Status>;
    if (parsed && parsed.kind === 'Status' && typeof parsed.code === 'number') return parsed as Status;
  } catch {
    /* not JSON */
  }
  const reason = REASON_BY_CODE[code] ?? (code >= 500 ? 'InternalError' : '');
  const text = body.trim();
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    code,
    reason,
    message: text
      ? `the server responded with the status code ${code} but did not return more information: ${text.slice(0, 512)}`
      : `the server responded with the status code ${code} but did not return more information`,
  };
}

function queryString(q: RequestSpec['query']): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

function listQuery(opts: ListOptions | undefined): Record<string, string | number | undefined> {
  return {
    labelSelector: opts?.labelSelector,
    fieldSelector: opts?.fieldSelector,
    resourceVersion: opts?.resourceVersion,
    limit: opts?.limit,
    continue: opts?.continue,
  };
}

function errCode(err: unknown): string {
  const c = (err as { code?: unknown } | undefined)?.code;
  return typeof c === 'string' ? c : 'EUNKNOWN';
}

/**
 * Idle keep-alive connections kept per agent. A controller's burst (a ReplicaSet's slow-start
 * batch of 256 creates, 64 bindings in flight) opens that many connections; with only 16 kept,
 * every burst closed the rest and opened them again, and the connection churn cost the apiserver
 * enough that a 10 000-replica Deployment took 29–37 s instead of 22–25 s (bench/RESULTS.md).
 * The apiserver closes connections idle for 5 s, so the pool shrinks again after a burst.
 */
const MAX_IDLE_SOCKETS = 256;

export class RestClient implements Client {
  private readonly servers: URL[];
  private readonly userAgent: string;
  private readonly log: Logger;
  private readonly token?: string;
  private readonly requestTimeoutMs: number;
  private readonly maxAttempts: number;
  private readonly retryBaseDelayMs: number;
  private readonly fieldManager?: string;
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxFreeSockets: MAX_IDLE_SOCKETS });
  private readonly httpsAgent: https.Agent;
  /** Index into servers of the one that last answered; requests start there. */
  private current = 0;

  constructor(opts: RestClientOptions) {
    if (!opts.servers?.length) throw new Error('RestClient: at least one server is required');
    this.servers = opts.servers.map((s) => new URL(s));
    this.userAgent = opts.userAgent ?? 'kemu-client/v1.32.0';
    this.log = (opts.logger ?? silentLogger).child({ module: 'rest-client' });
    this.token = opts.token;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
    this.maxAttempts = opts.maxAttempts ?? Math.max(3, 2 * this.servers.length);
    this.retryBaseDelayMs = opts.retryBaseDelayMs ?? 100;
    this.fieldManager = opts.fieldManager;
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      maxFreeSockets: MAX_IDLE_SOCKETS,
      rejectUnauthorized: !(opts.insecureSkipTLSVerify ?? false),
      ca: opts.ca,
    });
  }

  /** The base URL requests currently go to. */
  currentServer(): string {
    return this.servers[this.current].origin;
  }

  /** Releases pooled sockets. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  // ---- Client ----------------------------------------------------------------------

  get<T extends KubeObject>(r: ResourceInfo, namespace: string | undefined, name: string): Promise<T> {
    if (!name) return emptyName();
    return this.request<T>({ method: 'GET', path: resourcePath(r, namespace, name) });
  }

  list<T extends KubeObject>(r: ResourceInfo, opts?: ListOptions): Promise<KubeList<T>> {
    return this.request<KubeList<T>>({ method: 'GET', path: resourcePath(r, opts?.namespace), query: listQuery(opts) });
  }

  create<T extends KubeObject>(r: ResourceInfo, namespace: string | undefined, obj: T, opts?: WriteOptions): Promise<T> {
    const ns = namespace ?? obj.metadata?.namespace;
    return this.request<T>({ method: 'POST', path: resourcePath(r, ns), query: this.writeQuery(opts), body: obj });
  }

  update<T extends KubeObject>(r: ResourceInfo, obj: T, opts?: WriteOptions): Promise<T> {
    if (!obj.metadata?.name) return emptyName();
    return this.request<T>({
      method: 'PUT',
      path: resourcePath(r, obj.metadata.namespace, obj.metadata.name),
      query: this.writeQuery(opts),
      body: obj,
    });
  }

  updateStatus<T extends KubeObject>(r: ResourceInfo, obj: T): Promise<T> {
    if (!obj.metadata?.name) return emptyName();
    return this.request<T>({
      method: 'PUT',
      path: resourcePath(r, obj.metadata.namespace, obj.metadata.name, 'status'),
      query: this.writeQuery(undefined),
      body: obj,
    });
  }

  patch<T extends KubeObject>(
    r: ResourceInfo,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts?: WriteOptions & { subresource?: string },
  ): Promise<T> {
    if (!name) return emptyName();
    const query: RequestSpec['query'] = this.writeQuery(opts);
    if (type === 'apply') {
      query.fieldManager ??= this.fieldManager ?? 'kemu';
      if (opts?.force) query.force = true;
    }
    return this.request<T>({
      method: 'PATCH',
      path: resourcePath(r, namespace, name, opts?.subresource),
      query,
      body: patch,
      contentType: PATCH_CONTENT_TYPES[type],
    });
  }

  async delete(r: ResourceInfo, namespace: string | undefined, name: string, opts?: DeleteOptions): Promise<void> {
    if (!name) return emptyName();
    await this.request({
      method: 'DELETE',
      path: resourcePath(r, namespace, name),
      body: { kind: 'DeleteOptions', apiVersion: 'v1', ...opts },
    });
  }

  createSubresource<T = unknown>(
    r: ResourceInfo,
    namespace: string | undefined,
    name: string,
    subresource: string,
    body: unknown,
  ): Promise<T> {
    if (!name) return emptyName();
    return this.request<T>({ method: 'POST', path: resourcePath(r, namespace, name, subresource), body });
  }

  updateSubresource<T extends KubeObject>(r: ResourceInfo, obj: T, subresource: string): Promise<T> {
    if (!obj.metadata?.name) return emptyName();
    return this.request<T>({
      method: 'PUT',
      path: resourcePath(r, obj.metadata.namespace, obj.metadata.name, subresource),
      query: this.writeQuery(undefined),
      body: obj,
    });
  }

  async serverResources(): Promise<ResourceInfo[]> {
    const docs = await Promise.all(
      ['/api', '/apis'].map((path) => this.request<unknown>({ method: 'GET', path, accept: AGGREGATED_DISCOVERY_ACCEPT })),
    );
    return resourcesFromAggregatedDiscovery(docs);
  }

  /**
   * Connects (failing over between servers like any GET), then yields events until the server
   * ends the response, the connection drops, or `signal` aborts. A non-2xx answer to the watch
   * request itself rejects the first `next()` with an ApiError.
   */
  watch<T extends KubeObject>(r: ResourceInfo, opts: WatchOptions, signal: AbortSignal): AsyncIterable<WatchEvent<T>> {
    const spec: RequestSpec = {
      method: 'GET',
      path: resourcePath(r, opts.namespace),
      query: {
        ...listQuery(opts),
        limit: undefined,
        continue: undefined,
        watch: true,
        allowWatchBookmarks: opts.allowWatchBookmarks || undefined,
        timeoutSeconds: opts.timeoutSeconds,
      },
    };
    return { [Symbol.asyncIterator]: () => this.streamWatch<T>(spec, signal) };
  }

  // ---- transport ---------------------------------------------------------------------

  private writeQuery(opts: (WriteOptions & { force?: boolean }) | undefined): Record<string, string | number | boolean | undefined> {
    return { fieldManager: opts?.fieldManager ?? undefined, dryRun: opts?.dryRun ? 'All' : undefined };
  }

  private async *streamWatch<T extends KubeObject>(spec: RequestSpec, signal: AbortSignal): AsyncGenerator<WatchEvent<T>> {
    if (signal.aborted) return;
    const local = new AbortController();
    const onAbort = () => local.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      let res: http.IncomingMessage;
      try {
        res = await this.withFailover(spec, (server) => this.open(server, spec, local.signal, this.requestTimeoutMs, 'headers'));
      } catch (err) {
        if (signal.aborted) return;
        throw err;
      }
      if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) {
        const body = await readBody(res).catch(() => '');
        throw new ApiError(statusFromResponse(res.statusCode ?? 500, body));
      }
      res.setEncoding('utf8');
      let buf = '';
      try {
        for await (const chunk of res as AsyncIterable<string>) {
          buf += chunk;
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl).trim();
            buf = buf.slice(nl + 1);
            if (!line) continue;
            const ev = parseEvent<T>(line);
            if (ev) yield ev;
            else this.log.warn({ line: line.slice(0, 200) }, 'skipping an undecodable watch event');
          }
        }
      } catch (err) {
        if (!signal.aborted) this.log.debug({ err, path: spec.path }, 'watch stream broke');
        return;
      }
      const rest = buf.trim();
      if (rest) {
        const ev = parseEvent<T>(rest);
        if (ev) yield ev;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      local.abort();
    }
  }

  private async request<T>(spec: RequestSpec): Promise<T> {
    for (let retry = 0; ; retry++) {
      const { res, body } = await this.withFailover(spec, async (server) => {
        const res = await this.open(server, spec, undefined, this.requestTimeoutMs, 'body');
        return { res, body: await readBody(res) };
      });
      const code = res.statusCode ?? 500;
      if (code >= 200 && code < 300) {
        if (!body) return undefined as T;
        try {
          return JSON.parse(body) as T;
        } catch {
          throw new ApiError(statusFromResponse(500, `invalid JSON in response: ${body.slice(0, 200)}`));
        }
      }
      // The server asked us to come back later (429, or 5xx with Retry-After): safe for any verb.
      const retryAfter = Number(res.headers['retry-after']);
      if ((code === 429 || code >= 500) && retryAfter >= 0 && Number.isFinite(retryAfter) && retry < MAX_RETRY_AFTER) {
        this.log.debug({ code, path: spec.path, retryAfter }, 'apiserver asked to retry later');
        await new Promise((r) => setTimeout(r, Math.min(retryAfter, 10) * 1000));
        continue;
      }
      throw new ApiError(statusFromResponse(code, body));
    }
  }

  /** Runs `attempt` against the current server, moving on after transport errors. */
  private async withFailover<R>(spec: RequestSpec, attempt: (server: URL) => Promise<R>): Promise<R> {
    let lastErr: TransportError | undefined;
    for (let i = 0; i < this.maxAttempts; i++) {
      const idx = this.current;
      const server = this.servers[idx];
      try {
        return await attempt(server);
      } catch (err) {
        if (err instanceof ApiError) throw err;
        const code = errCode(err);
        if (code === 'ABORT_ERR') throw err;
        lastErr = new TransportError(`${spec.method} ${server.origin}${spec.path}: ${(err as Error).message}`, code, server.origin);
        const reused = (err as { reusedSocket?: boolean }).reusedSocket === true;
        const retriable = NOT_SENT.has(code) || IDEMPOTENT.has(spec.method) || (reused && code === 'ECONNRESET');
        if (this.current === idx) this.current = (idx + 1) % this.servers.length;
        if (!retriable) break;
        // A keep-alive socket the server had closed: retry at once on a fresh one.
        if (reused && code === 'ECONNRESET') continue;
        this.log.warn(
          { server: server.origin, method: spec.method, path: spec.path, code, attempt: i + 1 },
          'apiserver request failed; retrying',
        );
        // Trying every server once before sleeping: a dead server should cost nothing.
        if ((i + 1) % this.servers.length === 0) {
          await new Promise((r) => setTimeout(r, Math.min(2_000, this.retryBaseDelayMs * 2 ** Math.floor(i / this.servers.length))));
        }
      }
    }
    throw lastErr ?? new TransportError(`${spec.method} ${spec.path}: no server answered`, 'EUNKNOWN', '');
  }

  /**
   * Sends one request to one server; resolves with the response once headers arrive. The timeout
   * covers the headers only (`headers`, for watches) or the whole body (`body`).
   */
  private open(
    server: URL,
    spec: RequestSpec,
    signal: AbortSignal | undefined,
    timeoutMs: number,
    timeoutCovers: 'headers' | 'body',
  ): Promise<http.IncomingMessage> {
    const isHttps = server.protocol === 'https:';
    const headers: Record<string, string> = { 'user-agent': this.userAgent, accept: spec.accept ?? 'application/json' };
    let payload: string | undefined;
    if (spec.body !== undefined) {
      payload = JSON.stringify(spec.body);
      headers['content-type'] = spec.contentType ?? 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    if (this.token && isHttps) headers.authorization = `Bearer ${this.token}`;
    const basePath = server.pathname.replace(/\/$/, '');
    return new Promise((resolve, reject) => {
      const req = (isHttps ? https : http).request({
        protocol: server.protocol,
        hostname: server.hostname,
        port: server.port || (isHttps ? 443 : 80),
        method: spec.method,
        path: basePath + spec.path + queryString(spec.query),
        headers,
        agent: isHttps ? this.httpsAgent : this.httpAgent,
        signal,
      });
      let timer: NodeJS.Timeout | undefined;
      if (timeoutMs > 0) {
        timer = setTimeout(() => {
          const e = Object.assign(new Error(`request timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' });
          req.destroy(e);
        }, timeoutMs);
      }
      req.on('response', (res) => {
        if (timer && timeoutCovers === 'headers') clearTimeout(timer);
        else if (timer) {
          res.on('end', () => clearTimeout(timer));
          res.on('close', () => clearTimeout(timer));
        }
        resolve(res);
      });
      req.on('error', (err) => {
        if (timer) clearTimeout(timer);
        (err as { reusedSocket?: boolean }).reusedSocket = req.reusedSocket;
        reject(err);
      });
      req.end(payload);
    });
  }
}

/** client-go refuses to build an object URL without a name; so do we (it would hit the collection). */
function emptyName(): Promise<never> {
  return Promise.reject(badRequest('resource name may not be empty'));
}

function parseEvent<T>(line: string): WatchEvent<T> | undefined {
  try {
    const ev = JSON.parse(line) as WatchEvent<T>;
    return ev && typeof ev.type === 'string' && ev.object !== undefined ? ev : undefined;
  } catch {
    return undefined;
  }
}

function readBody(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
    res.on('aborted', () => reject(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })));
  });
}

/**
 * The client a component builds from its `--apiserver` flag (a comma-separated list of URLs,
 * failed over in order) and, optionally, its `--kubeconfig` file: the CA to verify the servers and
 * the component's own bearer token (the kubeconfig's server is used only when the flag is empty).
 */
export function clientFromFlags(apiserverFlag: string, component: string, logger?: Logger, kubeconfigPath?: string): RestClient {
  const creds = kubeconfigPath ? loadKubeconfig(kubeconfigPath) : {};
  const flag = apiserverFlag.trim() !== '' ? apiserverFlag : (creds.server ?? '');
  const servers = flag
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (/^[a-z]+:\/\//i.test(s) ? s : `http://${s}`));
  if (servers.length === 0) throw new Error('--apiserver: at least one URL is required');
  return new RestClient({
    servers,
    userAgent: `${component}/v1.32.0 (linux/amd64) kemu`,
    logger,
    fieldManager: component,
    ca: creds.ca,
    token: creds.token,
    insecureSkipTLSVerify: creds.insecureSkipTLSVerify,
  });
}
