/**
 * The apiserver's `upgrade` listener: requests carrying `Upgrade:` headers for
 *   pods/exec, pods/attach  WebSocket (v5/v4.channel.k8s.io) → passed through to the kubelet's
 *                           /exec|/attach (the kubelet speaks the channel protocol itself);
 *                           SPDY/3.1 → terminated here, WebSocket v5 to the kubelet (exec-spdy.ts)
 *   pods/portforward        WebSocket tunnel or plain SPDY → terminated here (port-forward.ts)
 *   pods|services|nodes/proxy with any upgrade → passed through to the backend
 * Anything else, and every failure before the switch, is answered with a Status.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { badRequest, failure, methodNotAllowed } from '@kemu/api';
import { isServerFault, toApiError } from '../errors.js';
import type { StreamingDeps } from './deps.js';
import { serveSpdyExec } from './exec-spdy.js';
import { decodeSegment, locateProxy, parseProxyPath } from './http-proxy.js';
import { servePortForwardSpdy, servePortForwardWebSocket } from './port-forward.js';
import { isSpdyUpgrade, isWebSocketUpgrade, rejectUpgrade } from './raw-reply.js';
import { execContainer, podKubelet } from './target.js';
import { proxyUpgrade } from './upgrade-proxy.js';

const POD_STREAM = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward)\/?$/;
/** Query parameters of PodExecOptions / PodAttachOptions the kubelet understands. */
const EXEC_PARAMS = ['command', 'stdin', 'stdout', 'stderr', 'tty', 'input'];

export function createUpgradeHandler(deps: StreamingDeps): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    socket.on('error', (err) => deps.log.debug({ err }, 'upgraded connection failed'));
    routeUpgrade(deps, req, socket, head).catch((err) => {
      if (isServerFault(err)) deps.log.error({ err, method: req.method, url: req.url }, 'upgrade request failed');
      rejectUpgrade(socket, toApiError(err).status);
    });
  };
}

async function routeUpgrade(deps: StreamingDeps, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://apiserver');
  deps.authenticator?.authenticate(req);
  const ws = isWebSocketUpgrade(req.headers);
  const spdy = isSpdyUpgrade(req.headers);

  const proxy = parseProxyPath(url.pathname);
  if (proxy) {
    const loc = await locateProxy(deps.registry, proxy);
    proxyUpgrade(req, socket, head, { host: loc.host, port: loc.port, path: proxy.path + url.search });
    return;
  }

  const m = POD_STREAM.exec(url.pathname);
  if (!m) throw failure(404, 'NotFound', 'the server could not find the requested resource', {});
  const [, namespace, name, sub] = m.map((s) => decodeSegment(s)) as [string, string, string, string];
  if (req.method !== 'GET' && req.method !== 'POST') throw methodNotAllowed();
  if (!ws && !spdy) throw badRequest(`Upgrade request required: ${sub} needs "Upgrade: websocket" or "Upgrade: SPDY/3.1"`);
  if (ws && deps.refuseWebSockets) throw badRequest('unable to upgrade: WebSocket streaming is disabled on this server; use SPDY/3.1');

  const target = await podKubelet(
    deps.registry,
    namespace,
    name,
    sub === 'portforward' ? 'port-forward to' : sub === 'attach' ? 'attach to' : 'exec into',
  );
  const base = `${target.host}:${target.port}`;
  const log = deps.log.child({ pod: `${namespace}/${name}`, subresource: sub });

  if (sub === 'portforward') {
    const pf = { kubeletUrl: `ws://${base}/portForward/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`, log };
    if (ws) servePortForwardWebSocket(req, socket, head, pf);
    else servePortForwardSpdy(req, socket, head, pf);
    return;
  }

  const container = execContainer(target.pod, url.searchParams.get('container'));
  if (sub === 'exec' && url.searchParams.getAll('command').length === 0) throw badRequest('you must specify at least 1 command');
  const q = new URLSearchParams();
  for (const [k, v] of url.searchParams) if (EXEC_PARAMS.includes(k)) q.append(k, v);
  const path = `/${sub}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${encodeURIComponent(container)}?${q}`;
  if (ws) proxyUpgrade(req, socket, head, { host: target.host, port: target.port, path });
  else serveSpdyExec(req, socket, head, `ws://${base}${path}`, q, log);
}
