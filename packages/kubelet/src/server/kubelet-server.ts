/**
 * The kubelet's HTTP API on nodeIP:port — what the apiserver proxies `kubectl logs` to:
 *   GET /containerLogs/<ns>/<pod>/<container>?follow=&tailLines=&timestamps=&sinceSeconds=&sinceTime=&limitBytes=&previous=
 *   GET /pods      the pods bound to this node (PodList)
 *   GET /healthz   `ok`
 *   GET /stats/summary  simulated CPU and memory usage of the node and its pods (../stats.ts)
 *   GET /exec/<ns>/<pod>/<container>?command=…  (WebSocket, v5.channel.k8s.io — see exec.ts)
 *   GET /attach/<ns>/<pod>/<container>?…         (WebSocket, the same channels)
 *   GET /portForward/<ns>/<pod>?port=P             (WebSocket, portforward.k8s.io — see port-forward.ts)
 * Logs are text/plain; with follow=true the response stays open (chunked) until the container
 * instance ends or the client goes away. Unknown pods answer 404, unusable requests 400 (text).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock, Pod } from '@kemu/api';
import type { Client, Lister } from '@kemu/client';
import type { Logger } from 'pino';
import { followLog, formatLogLine, type LogLine } from '../runtime/log-buffer.js';
import type { SimRuntime } from '../runtime/runtime.js';
import { handleExecUpgrade, parseExecRequest } from './exec.js';
import { shellExtras } from './exec-context.js';
import { handlePortForwardUpgrade, parsePortForwardRequest } from './port-forward.js';
import { serveStatsSummary } from '../stats.js';

export interface KubeletServerOptions {
  host: string;
  port: number;
  runtime: SimRuntime;
  pods: Lister<Pod>;
  clock: Clock;
  log: Logger;
  /** Waiting reason of a container that has no instance yet. */
  waitingReason(podUid: string, container: string): string | undefined;
  healthy?: () => boolean;
  /** Reads configMaps/secrets for exec'd shells' volumes and resolves service names; optional. */
  client?: Client;
}

export interface KubeletServer {
  readonly port: number;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export async function serveKubeletApi(o: KubeletServerOptions): Promise<KubeletServer> {
  const server: Server = createServer((req, res) => {
    try {
      route(o, req, res);
    } catch (err) {
      const e = err instanceof HttpError ? err : new HttpError(500, (err as Error).message);
      if (!(err instanceof HttpError)) o.log.error({ err }, 'kubelet API request failed');
      if (!res.headersSent) res.writeHead(e.code, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(e.message + '\n');
    }
  });
  server.keepAliveTimeout = 5000;
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://kubelet');
    const pf = parsePortForwardRequest(url);
    if (typeof pf === 'string') {
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${pf}\n`);
      return;
    }
    if (pf) {
      handlePortForwardUpgrade(req, socket, head, pf, (ns, pod) => {
        const sb = o.runtime.listSandboxes().find((s) => s.namespace === ns && s.name === pod);
        if (!sb || !o.pods.get(`${ns}/${pod}`)) return `pod ${pod} not found in namespace ${ns}`;
        return { ip: sb.ip, uid: sb.uid };
      });
      return;
    }
    const ex = parseExecRequest(url);
    if (!ex) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n404 page not found\n');
      return;
    }
    handleExecUpgrade(req, socket, head, ex, async ({ namespace: ns, pod: name, container, command }) => {
      const pod = o.pods.get(`${ns}/${name}`);
      if (!pod) return `pod ${name} not found in namespace ${ns}`;
      const inst = o.runtime.findContainers(ns, name, container)?.current;
      if (!inst) return `container not found ("${container}")`;
      if (inst.state !== 'running') return `unable to upgrade connection: container not running (${container})`;
      const spec = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find((c) => c.name === container);
      const extras = spec ? await shellExtras(o.client, pod, o.runtime.sandbox(pod.metadata.uid!), spec, inst, command) : undefined;
      return { inst, extras };
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EACCES' ? new Error(`cannot listen on ${o.host}:${o.port}: permission denied (ports below 1024 need root)`) : err,
      ),
    );
    server.listen({ host: o.host, port: o.port, exclusive: true }, () => resolve());
  });
  let closing: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function route(o: KubeletServerOptions, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://kubelet');
  const path = url.pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method not allowed');
  if (path === '/healthz' || path === '/livez' || path === '/readyz') {
    const ok = o.healthy?.() ?? true;
    res.writeHead(ok ? 200 : 500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(ok ? 'ok' : 'not healthy');
    return;
  }
  if (path === '/pods' || path === '/pods/') {
    const body = JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: o.pods.list() });
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    return;
  }
  if (path === '/stats/summary' || path === '/stats/summary/') {
    serveStatsSummary(o.runtime, o.clock, res);
    return;
  }
  const m = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(path);
  if (m) {
    containerLogs(o, decodeURIComponent(m[1]), decodeURIComponent(m[2]), decodeURIComponent(m[3]), url.searchParams, req, res);
    return;
  }
  throw new HttpError(404, '404 page not found');
}

function bool(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  if (v === null || v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  throw new HttpError(400, `invalid value for ${name}: "${v}"`);
}

function int(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw new HttpError(400, `invalid value for ${name}: "${v}"`);
  return Number(v);
}

function containerLogs(
  o: KubeletServerOptions,
  ns: string,
  name: string,
  container: string,
  q: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const follow = bool(q, 'follow');
  const previous = bool(q, 'previous');
  const timestamps = bool(q, 'timestamps');
  const tail = int(q, 'tailLines');
  const sinceSeconds = int(q, 'sinceSeconds');
  const limitBytes = int(q, 'limitBytes');
  const sinceTimeText = q.get('sinceTime');
  if (sinceSeconds !== undefined && sinceSeconds < 1) throw new HttpError(400, 'sinceSeconds must be greater than 0');
  if (limitBytes !== undefined && limitBytes < 1) throw new HttpError(400, 'limitBytes must be greater than 0');
  let sinceMs: number | undefined;
  if (sinceSeconds !== undefined) sinceMs = o.clock.now() - sinceSeconds * 1000;
  if (sinceTimeText) {
    const t = Date.parse(sinceTimeText);
    if (!Number.isFinite(t)) throw new HttpError(400, `invalid sinceTime "${sinceTimeText}"`);
    sinceMs = t;
  }

  const pod = o.pods.get(`${ns}/${name}`);
  const slot = o.runtime.findContainers(ns, name, container);
  if (!pod && !slot) throw new HttpError(404, `pod "${name}" in namespace "${ns}" not found`);
  const names = pod ? [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c) => c.name) : [container];
  if (!names.includes(container))
    throw new HttpError(400, `container "${container}" in pod "${name}" is not valid; valid containers: [${names.join(' ')}]`);
  const inst = previous ? slot?.previous : slot?.current;
  if (!inst) {
    if (previous) throw new HttpError(400, `previous terminated container "${container}" in pod "${name}" not found`);
    const reason = (pod && o.waitingReason(pod.metadata.uid!, container)) ?? 'ContainerCreating';
    throw new HttpError(400, `container "${container}" in pod "${name}" is waiting to start: ${reason}`);
  }

  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  let written = 0;
  let done = false;
  const write = (line: LogLine): boolean => {
    if (done) return false;
    let chunk = formatLogLine(line, timestamps);
    if (limitBytes !== undefined && written + Buffer.byteLength(chunk) > limitBytes) {
      chunk = Buffer.from(chunk)
        .subarray(0, limitBytes - written)
        .toString();
      res.write(chunk);
      finish();
      return false;
    }
    written += Buffer.byteLength(chunk);
    res.write(chunk);
    return true;
  };
  let unsubscribe = () => {};
  const finish = () => {
    if (!done) {
      done = true;
      unsubscribe();
      res.end();
    }
  };
  for (const line of inst.logs.snapshot({ tail, sinceMs })) if (!write(line)) return;
  if (!follow || inst.logs.closed) {
    finish();
    return;
  }
  res.flushHeaders();
  // At the reader's pace: a client that does not read holds at most the log buffer, not a growing socket buffer.
  unsubscribe = followLog(
    inst.logs,
    inst.logs.lastSeq,
    (line) => {
      if (!write(line)) return false;
      return res.writableNeedDrain ? new Promise<void>((resolve) => res.once('drain', resolve)) : true;
    },
    finish,
  );
  req.on('close', () => {
    done = true;
    unsubscribe();
  });
}
