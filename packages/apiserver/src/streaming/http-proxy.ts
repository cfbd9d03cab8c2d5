/**
 * The proxy subresources (any method, sub-path and query passed on; the backend's status, headers
 * and body come back as they are):
 *   /api/v1/namespaces/{ns}/pods/{[scheme:]name[:port]}/proxy[/path]      → podIP:port (default:
 *       the first declared container port, else 80; a named container port is resolved)
 *   /api/v1/namespaces/{ns}/services/{[scheme:]name[:port]}/proxy[/path]  → a ready endpoint of
 *       the service port named (or numbered) so; the port may be omitted when the service has one
 *   /api/v1/nodes/{name[:port]}/proxy[/path]                              → the node's kubelet
 * `…/proxy` without a trailing slash reaches the backend's `/` as well.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { badRequest, serviceUnavailable, type Endpoints, type Node, type Pod, type Service } from '@kemu/api';
import { ApiError } from '@kemu/api';
import { kubeletAddress } from '../kubelet-proxy.js';
import type { Registry } from '../registry/registry.js';

export interface ProxyRequest {
  resource: 'pods' | 'services' | 'nodes';
  namespace?: string;
  scheme: string;
  name: string;
  port: string;
  /** Path on the backend, always starting with `/`. */
  path: string;
}

export interface ProxyLocation {
  scheme: 'http' | 'https';
  host: string;
  port: number;
}

const PROXY_PATH = /^\/api\/v1\/(?:namespaces\/([^/]+)\/)?(pods|services|nodes)\/([^/]+)\/proxy(\/.*)?$/;

/** Parses a proxy URL from the raw request path (its sub-path kept encoded); undefined if not one. */
export function parseProxyPath(rawPath: string): ProxyRequest | undefined {
  const m = PROXY_PATH.exec(rawPath);
  if (!m) return undefined;
  const resource = m[2] as ProxyRequest['resource'];
  if ((resource === 'nodes') !== (m[1] === undefined)) return undefined;
  const id = decodeSegment(m[3]);
  const parts = id.split(':');
  let scheme = '';
  let name: string;
  let port = '';
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) [name, port] = parts;
  else if (parts.length === 3) [scheme, name, port] = parts;
  else throw badRequest(`invalid proxy target "${id}"`);
  if (scheme !== '' && scheme !== 'http' && scheme !== 'https') throw badRequest(`invalid scheme "${scheme}" in "${id}"`);
  return { resource, namespace: m[1] === undefined ? undefined : decodeSegment(m[1]), scheme, name, port, path: m[4] ?? '/' };
}

/** A path segment, percent-decoded; malformed escapes are the client's error. */
export function decodeSegment(seg: string): string {
  try {
    return decodeURIComponent(seg);
  } catch {
    throw badRequest(`invalid escape in path segment "${seg}"`);
  }
}

function asPort(s: string, what: string): number {
  const n = Number(s);
  if (!/^\d+$/.test(s) || n < 1 || n > 65535) throw badRequest(`invalid port "${s}" for ${what}`);
  return n;
}

export async function locateProxy(registry: Registry, p: ProxyRequest): Promise<ProxyLocation> {
  const scheme = p.scheme === 'https' ? 'https' : 'http';
  if (p.resource === 'nodes') {
    const node = (await registry.byName('', 'nodes').get(undefined, p.name)) as Node;
    const addr = kubeletAddress(node);
    if (!addr) throw serviceUnavailable(`node ${p.name} has no kubelet endpoint`);
    return { scheme, host: addr.host, port: p.port ? asPort(p.port, `node ${p.name}`) : addr.port };
  }
  if (p.resource === 'pods') {
    const pod = (await registry.byName('', 'pods').get(p.namespace, p.name)) as Pod;
    const ip = pod.status?.podIP;
    if (!ip) throw serviceUnavailable(`pod ${p.name} does not have an IP address yet`);
    const declared = (pod.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
    let port: number;
    if (!p.port) port = declared[0]?.containerPort ?? 80;
    else if (/^\d+$/.test(p.port)) port = asPort(p.port, `pod ${p.name}`);
    else {
      const named = declared.find((d) => d.name === p.port);
      if (!named) throw badRequest(`pod ${p.name} has no container port named "${p.port}"`);
      port = named.containerPort;
    }
    return { scheme, host: ip, port };
  }
  const svc = (await registry.byName('', 'services').get(p.namespace, p.name)) as Service;
  const ports = svc.spec?.ports ?? [];
  const svcPort =
    ports.find((sp) => (sp.name ?? '') === p.port || (/^\d+$/.test(p.port) && sp.port === Number(p.port))) ??
    (p.port === '' && ports.length === 1 ? ports[0] : undefined);
  if (!svcPort) throw serviceUnavailable(`no service port "${p.port}" found for service "${p.name}"`);
  if (svc.spec?.type === 'ExternalName' && svc.spec.externalName) {
    return { scheme, host: svc.spec.externalName, port: svcPort.port };
  }
  let eps: Endpoints | undefined;
  try {
    eps = (await registry.byName('', 'endpoints').get(p.namespace, p.name)) as Endpoints;
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 404)) throw err;
  }
  const candidates: ProxyLocation[] = [];
  for (const subset of eps?.subsets ?? []) {
    const epPort =
      (subset.ports ?? []).find((ep) => (ep.name ?? '') === (svcPort.name ?? '')) ??
      (subset.ports?.length === 1 ? subset.ports[0] : undefined);
    if (!epPort) continue;
    for (const a of subset.addresses ?? []) candidates.push({ scheme, host: a.ip, port: epPort.port });
  }
  if (candidates.length === 0) throw serviceUnavailable(`no endpoints available for service "${p.name}"`);
  return candidates[Math.floor(Math.random() * candidates.length)];
}

/** Headers that belong to the hop between the client and the apiserver. */
const HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'authorization',
  'host',
]);

/** Sends the request to the backend and streams its answer back. */
export async function serveProxy(
  req: IncomingMessage,
  res: ServerResponse,
  registry: Registry,
  p: ProxyRequest,
  search: string,
): Promise<void> {
  const loc = await locateProxy(registry, p);
  const headers: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k) && v !== undefined) headers[k] = v;
  headers.host = `${loc.host}:${loc.port}`;
  const forwarded = req.socket.remoteAddress;
  if (forwarded)
    headers['x-forwarded-for'] = req.headers['x-forwarded-for'] ? `${req.headers['x-forwarded-for']}, ${forwarded}` : forwarded;
  const lib = loc.scheme === 'https' ? https : http;
  await new Promise<void>((resolve, reject) => {
    const out = lib.request(
      {
        host: loc.host,
        port: loc.port,
        method: req.method,
        path: p.path + search,
        headers,
        agent: false,
        ...(loc.scheme === 'https' ? { rejectUnauthorized: false } : {}),
      },
      (upstream) => {
        const h: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(upstream.headers)) if (v !== undefined && !HOP.has(k)) h[k] = v;
        res.writeHead(upstream.statusCode ?? 502, h);
        upstream.pipe(res);
        upstream.on('end', resolve);
        upstream.on('error', () => {
          res.destroy();
          resolve();
        });
      },
    );
    out.on('error', (err: NodeJS.ErrnoException) => {
      if (res.headersSent) {
        res.destroy();
        resolve();
        return;
      }
      reject(
        serviceUnavailable(
          `error trying to reach ${p.resource === 'services' ? 'service' : p.resource === 'pods' ? 'pod' : 'node'}: dial tcp ${loc.host}:${loc.port}: ${err.code === 'ECONNREFUSED' ? 'connect: connection refused' : err.message}`,
        ),
      );
    });
    res.on('close', () => {
      if (!res.writableFinished) out.destroy();
    });
    req.pipe(out);
  });
}
