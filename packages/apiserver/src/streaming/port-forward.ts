/**
 * pods/portforward. kubectl 1.32 first asks for a WebSocket with subprotocol
 * `SPDY/3.1+portforward.k8s.io` and runs SPDY inside its binary messages; on refusal it falls
 * back to `Upgrade: SPDY/3.1` (`X-Stream-Protocol-Version: portforward.k8s.io`) on the bare
 * connection. Either way the apiserver terminates SPDY here. Per forwarded local connection the
 * client opens two streams with headers {streamtype: error|data, port, requestid}; each needs a
 * SYN_REPLY. For every requestid the apiserver opens one WebSocket to the kubelet
 * (`/portForward/<ns>/<pod>?port=P`, see the kubelet's server/port-forward.ts) and copies:
 * data stream ↔ channel 0, kubelet channel 1 → error stream (kubectl prints it).
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { failure } from '@kemu/api';
import { rejectUpgrade } from './raw-reply.js';
import { RstStatus, SpdySession, type SpdyStream, type SpdyTransport } from './spdy/index.js';

export const PORT_FORWARD_WS_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';
export const PORT_FORWARD_SPDY_PROTOCOL = 'portforward.k8s.io';
const KUBELET_PROTOCOL = 'portforward.k8s.io';

const tunnels = new WebSocketServer({
  noServer: true,
  handleProtocols: (offered) => (offered.has(PORT_FORWARD_WS_PROTOCOL) ? PORT_FORWARD_WS_PROTOCOL : false),
});

export interface PortForwardTarget {
  /** ws://<kubelet>/portForward/<ns>/<pod> (the port is added per stream pair). */
  kubeletUrl: string;
  log: Logger;
}

/** WebSocket tunnel: SPDY frames travel in binary messages whose boundaries mean nothing. */
export function servePortForwardWebSocket(req: IncomingMessage, socket: Duplex, head: Buffer, target: PortForwardTarget): void {
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((s) => s.trim());
  if (!offered.includes(PORT_FORWARD_WS_PROTOCOL)) {
    rejectUpgrade(
      socket,
      failure(400, 'BadRequest', `unable to upgrade: the port-forward WebSocket needs subprotocol ${PORT_FORWARD_WS_PROTOCOL}`).status,
    );
    return;
  }
  tunnels.handleUpgrade(req, socket, head, (ws) => {
    const session = forwardSession(
      {
        write: (b) => {
          if (ws.readyState === ws.OPEN) ws.send(b, { binary: true });
        },
        close: () => ws.close(1000),
      },
      target,
    );
    ws.on('message', (data: Buffer) => session.receive(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer)));
    ws.on('close', () => session.transportClosed());
    ws.on('error', () => session.transportClosed());
  });
}

/** Plain SPDY/3.1 on the upgraded connection. */
export function servePortForwardSpdy(req: IncomingMessage, socket: Duplex, head: Buffer, target: PortForwardTarget): void {
  const offered = String(req.headers['x-stream-protocol-version'] ?? '')
    .split(',')
    .map((s) => s.trim());
  if (!offered.includes(PORT_FORWARD_SPDY_PROTOCOL)) {
    rejectUpgrade(
      socket,
      failure(
        403,
        'Forbidden',
        `unable to upgrade: unable to negotiate protocol: client supports ${JSON.stringify(offered)}, server accepts ["${PORT_FORWARD_SPDY_PROTOCOL}"]`,
      ).status,
    );
    return;
  }
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${PORT_FORWARD_SPDY_PROTOCOL}\r\n\r\n`,
  );
  (socket as Socket).setNoDelay?.(true);
  const session = forwardSession(
    {
      write: (b) => {
        if (!socket.destroyed) socket.write(b);
      },
      close: () => socket.end(),
    },
    target,
  );
  socket.on('data', (b: Buffer) => session.receive(b));
  socket.on('close', () => session.transportClosed());
  socket.on('error', () => session.transportClosed());
  if (head.length) session.receive(head);
}

interface Pair {
  error?: SpdyStream;
  data?: SpdyStream;
  port?: string;
  upstream?: WebSocket;
}

function forwardSession(transport: SpdyTransport, target: PortForwardTarget): SpdySession {
  const pairs = new Map<string, Pair>();
  const session = new SpdySession(transport, {
    role: 'server',
    onStream: (stream) => {
      const { streamtype: type, port, requestid: id } = stream.headers;
      if ((type !== 'error' && type !== 'data') || !port || !/^\d+$/.test(port) || id === undefined) {
        stream.reset(RstStatus.PROTOCOL_ERROR);
        return;
      }
      const pair = pairs.get(id) ?? {};
      pairs.set(id, pair);
      if (pair[type] || (pair.port !== undefined && pair.port !== port)) {
        stream.reset(RstStatus.PROTOCOL_ERROR);
        return;
      }
      pair[type] = stream;
      pair.port = port;
      stream.reply();
      if (pair.error && pair.data) connect(pair, () => pairs.delete(id), target);
    },
    onClose: () => {
      for (const p of pairs.values()) p.upstream?.terminate();
      pairs.clear();
    },
  });
  return session;
}

function connect(pair: Pair, done: () => void, target: PortForwardTarget): void {
  const data = pair.data!;
  const error = pair.error!;
  const ws = new WebSocket(`${target.kubeletUrl}?port=${pair.port}`, [KUBELET_PROTOCOL]);
  pair.upstream = ws;
  const prefixed = new Set<number>();
  const pending: Buffer[] = [];
  let dataEnded = false;
  ws.on('open', () => {
    for (const m of pending.splice(0)) ws.send(m);
    if (dataEnded) ws.send(Buffer.from([255, 0]));
  });
  const toKubelet = (m: Buffer) => {
    if (ws.readyState === ws.OPEN) ws.send(m);
    else if (ws.readyState === ws.CONNECTING) pending.push(m);
  };
  data.on('data', (d: Buffer) => toKubelet(Buffer.concat([Buffer.from([0]), d])));
  data.on('end', () => {
    dataEnded = true;
    if (ws.readyState === ws.OPEN) ws.send(Buffer.from([255, 0]));
  });
  data.on('reset', () => ws.close());
  ws.on('message', (raw: Buffer) => {
    const m = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as ArrayBuffer);
    if (m.length === 0) return;
    let payload = m.subarray(1);
    if (!prefixed.has(m[0])) {
      prefixed.add(m[0]);
      payload = payload.subarray(2);
    } // the port announcement
    if (payload.length === 0) return;
    if (m[0] === 0) data.write(payload);
    else if (m[0] === 1) error.write(payload);
  });
  const close = (message?: string) => {
    if (message) error.write(message);
    error.end();
    data.end();
    done();
  };
  ws.on('unexpected-response', (_req, res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => {
      body += c;
    });
    res.on('end', () => close(body.trim() || `the kubelet refused port-forward (${res.statusCode})`));
  });
  ws.on('error', (err) => {
    target.log.debug({ err }, 'port-forward upstream failed');
    close(`error dialing backend: ${err.message}`);
  });
  ws.on('close', () => close());
}
