/**
 * The loopback client: how this apiserver's own background work (leader election for storage
 * maintenance, the endpoint reconciler) talks to it, through its HTTP API, as kube-apiserver's
 * loopback clientset does. It is defined here, not taken from @kemu/client, because the
 * apiserver sits below the client in the layering (STYLE.md); it speaks only the few verbs those
 * loops need. When the server requires credentials, a random per-process token is accepted as
 * `system:apiserver` (group system:masters) next to the configured ones.
 *
 * Contract: every call makes one request with a 5 s timeout and no retry (the callers run in
 * loops that retry on their own period). A non-2xx answer rejects with an ApiError carrying the
 * server's Status; a transport failure rejects with a plain Error.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Logger } from 'pino';
import { ApiError, resourcePath, type KubeList, type KubeObject, type ResourceInfo, type Status } from '@kemu/api';
import { AUTHENTICATED_GROUP, bearerToken, type Authenticator, type UserInfo } from '../auth/index.js';

/** The verbs the apiserver's own loops use; @kemu/client's Client satisfies it too (tests pass one). */
export interface LoopbackClient {
  get<T extends KubeObject>(r: ResourceInfo, namespace: string, name: string): Promise<T>;
  list<T extends KubeObject>(r: ResourceInfo, opts: { namespace: string; labelSelector?: string }): Promise<KubeList<T>>;
  create<T extends KubeObject>(r: ResourceInfo, namespace: string, obj: T): Promise<T>;
  update<T extends KubeObject>(r: ResourceInfo, obj: T): Promise<T>;
  delete(r: ResourceInfo, namespace: string, name: string, opts?: { preconditions?: { uid?: string } }): Promise<void>;
}

export interface Loopback {
  /** The authenticator to serve with: the configured one plus the loopback token (undefined when none is configured). */
  authenticator?: Authenticator;
  /** A client for the server at url. */
  client(url: string, log: Logger): LoopbackClient;
}

const USER_AGENT = 'kube-apiserver/v1.32.0 (linux/amd64) kemu loopback';
const FIELD_MANAGER = 'kube-apiserver';
const REQUEST_TIMEOUT_MS = 5000;

export function newLoopback(configured: Authenticator | undefined): Loopback {
  const token = randomBytes(32).toString('hex');
  const tokenBytes = Buffer.from(token);
  const user: UserInfo = { name: 'system:apiserver', uid: randomUUID(), groups: ['system:masters', AUTHENTICATED_GROUP] };
  const authenticator: Authenticator | undefined = configured && {
    authenticate(req: IncomingMessage): UserInfo {
      const given = Buffer.from(bearerToken(req) ?? '');
      if (given.length === tokenBytes.length && timingSafeEqual(given, tokenBytes)) return user;
      return configured.authenticate(req);
    },
  };
  return { authenticator, client: (url, log) => loopbackClient(new URL(url), configured ? token : undefined, log) };
}

function loopbackClient(server: URL, token: string | undefined, log: Logger): LoopbackClient {
  const call = <T>(method: string, path: string, query: Record<string, string | undefined>, body?: unknown) =>
    request<T>(server, token, method, path, query, body).catch((err: unknown) => {
      if (!(err instanceof ApiError)) log.debug({ method, path, err: (err as Error).message }, 'loopback request failed');
      throw err;
    });
  return {
    get: (r, namespace, name) => call('GET', resourcePath(r, namespace, name), {}),
    list: (r, opts) => call('GET', resourcePath(r, opts.namespace), { labelSelector: opts.labelSelector }),
    create: (r, namespace, obj) => call('POST', resourcePath(r, namespace), { fieldManager: FIELD_MANAGER }, obj),
    update: (r, obj) => call('PUT', resourcePath(r, obj.metadata.namespace, obj.metadata.name), { fieldManager: FIELD_MANAGER }, obj),
    delete: async (r, namespace, name, opts) => {
      await call(
        'DELETE',
        resourcePath(r, namespace, name),
        {},
        { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: opts?.preconditions },
      );
    },
  };
}

function request<T>(
  server: URL,
  token: string | undefined,
  method: string,
  path: string,
  query: Record<string, string | undefined>,
  body: unknown,
): Promise<T> {
  const isHttps = server.protocol === 'https:';
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: 'application/json' };
  const payload = body === undefined ? undefined : JSON.stringify(body);
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  if (token && isHttps) headers.authorization = `Bearer ${token}`;
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  return new Promise((resolve, reject) => {
    const req = (isHttps ? https : http).request({
      protocol: server.protocol,
      hostname: server.hostname,
      port: server.port,
      method,
      headers,
      path: path + (params ? `?${params}` : ''),
      // The peer is this very process on its own listening socket; its serving certificate is
      // signed by a CA the apiserver is not given (kube-apiserver uses a separate loopback cert).
      rejectUnauthorized: false,
      agent: false,
      timeout: REQUEST_TIMEOUT_MS,
    });
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error(`request timed out after ${REQUEST_TIMEOUT_MS} ms`), { code: 'ETIMEDOUT' })),
    );
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const code = res.statusCode ?? 0;
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        if (code >= 200 && code < 300) {
          resolve(parsed as T);
          return;
        }
        const status =
          parsed && (parsed as Status).kind === 'Status'
            ? (parsed as Status)
            : ({ apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Failure', code, message: text.slice(0, 200) } satisfies Status);
        reject(new ApiError(status));
      });
    });
    req.end(payload);
  });
}
