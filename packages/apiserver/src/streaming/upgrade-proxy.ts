/**
 * Passes an upgrade request (WebSocket exec/attach, a WebSocket to a pod through pods/proxy) on to
 * a backend and then pipes the two connections together byte for byte, as kube-apiserver's
 * UpgradeAwareHandler does: the backend's own answer (101 or an error) reaches the client as is.
 */
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { internalError } from '@kemu/api';
import { rejectUpgrade } from './raw-reply.js';

/** Headers that describe the client's hop to us, not the request. */
const DROP = new Set(['host', 'authorization', 'proxy-authorization', 'keep-alive', 'te', 'trailer', 'transfer-encoding']);

export interface Backend {
  host: string;
  port: number;
  path: string;
}

export function proxyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, backend: Backend): void {
  const upstream = connect({ host: backend.host, port: backend.port });
  let connected = false;
  upstream.on('connect', () => {
    connected = true;
    const lines = [`${req.method ?? 'GET'} ${backend.path} HTTP/1.1`, `Host: ${backend.host}:${backend.port}`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (!DROP.has(req.rawHeaders[i].toLowerCase())) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    }
    upstream.write(lines.join('\r\n') + '\r\n\r\n');
    if (head.length) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  upstream.on('error', (err) => {
    if (!connected)
      rejectUpgrade(socket, internalError(`error dialing backend: dial tcp ${backend.host}:${backend.port}: ${err.message}`).status);
    else socket.destroy();
  });
  upstream.on('close', () => {
    if (connected) socket.end();
  });
  socket.on('error', () => upstream.destroy());
  socket.on('close', () => upstream.destroy());
}
