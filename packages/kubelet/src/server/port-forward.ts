/**
 * `kubectl port-forward` on the kubelet: GET /portForward/<ns>/<pod>?port=P[&port=Q…] upgraded to
 * a WebSocket (subprotocol `portforward.k8s.io`), the kubelet's WebSocket port-forward protocol:
 * one TCP connection per port into the pod's network namespace (its IP), channel 2i carries the
 * data of the i-th port and 2i+1 its errors; the first message the kubelet sends on each channel
 * starts with the port (uint16, little-endian). The client signals end of its data with the v5
 * CLOSE message `[255, channel]`; the kubelet then half-closes the TCP connection.
 * The apiserver turns kubectl's SPDY streams into one such WebSocket per forwarded connection.
 */
import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';

export interface PortForwardRequest {
  namespace: string;
  pod: string;
  ports: number[];
}

/** Finds the pod's IP and uid, or explains why it cannot be reached. */
export type PortForwardResolver = (namespace: string, pod: string) => { ip: string; uid: string } | string;

const wss = new WebSocketServer({
  noServer: true,
  handleProtocols: (offered) => (offered.has(PORT_FORWARD_PROTOCOL) ? PORT_FORWARD_PROTOCOL : false),
});

/** Parses a port-forward path; undefined when the path is not one, a string when it is malformed. */
export function parsePortForwardRequest(url: URL): PortForwardRequest | string | undefined {
  const m = /^\/portForward\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
  if (!m) return undefined;
  const ports: number[] = [];
  for (const p of url.searchParams.getAll('port').flatMap((v) => v.split(','))) {
    const n = Number(p);
    if (!/^\d+$/.test(p) || n < 1 || n > 65535) return `invalid port "${p}"`;
    ports.push(n);
  }
  if (ports.length === 0) return 'at least one port must be specified';
  return { namespace: decodeURIComponent(m[1]), pod: decodeURIComponent(m[2]), ports };
}

export function handlePortForwardUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  pf: PortForwardRequest,
  resolve: PortForwardResolver,
): void {
  const target = resolve(pf.namespace, pf.pod);
  if (typeof target === 'string') {
    socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${target}\n`);
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => forward(ws, pf, target));
}

function portPrefixed(port: number, data: Buffer, channel: number): Buffer {
  const head = Buffer.alloc(3);
  head[0] = channel;
  head.writeUInt16LE(port, 1);
  return Buffer.concat([head, data]);
}

function forward(ws: WebSocket, pf: PortForwardRequest, target: { ip: string; uid: string }): void {
  const conns: { socket: Socket; open: boolean }[] = [];
  let remaining = pf.ports.length;
  const done = () => {
    if (--remaining === 0 && ws.readyState === ws.OPEN) ws.close(1000);
  };
  const send = (data: Buffer) => {
    if (ws.readyState === ws.OPEN) ws.send(data);
  };
  pf.ports.forEach((port, i) => {
    const dataCh = 2 * i;
    const errCh = 2 * i + 1;
    // Every channel announces its port first, as the kubelet does.
    send(portPrefixed(port, Buffer.alloc(0), dataCh));
    send(portPrefixed(port, Buffer.alloc(0), errCh));
    const socket = connect({ host: target.ip, port });
    const conn = { socket, open: false };
    conns.push(conn);
    let finished = false;
    const finish = () => {
      if (!finished) {
        finished = true;
        done();
      }
    };
    socket.on('connect', () => {
      conn.open = true;
    });
    socket.on('data', (d: Buffer) => send(Buffer.concat([Buffer.from([dataCh]), d])));
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const reason = err.code === 'ECONNREFUSED' ? 'connect: connection refused' : err.message;
      send(
        Buffer.concat([
          Buffer.from([errCh]),
          Buffer.from(
            `error forwarding port ${port} to pod ${target.uid}, uid : failed to connect to localhost:${port} inside namespace "${pf.namespace}", IPv4: dial tcp4 ${target.ip}:${port}: ${reason}`,
          ),
        ]),
      );
      finish();
    });
  });
  ws.on('message', (data: Buffer) => {
    const buf = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
    if (buf.length === 0) return;
    if (buf[0] === 255) {
      // CLOSE [255, channel]: the client is done writing
      const c = conns[(buf[1] ?? 0) >> 1];
      if (c && (buf[1] ?? 0) % 2 === 0) c.socket.end();
      return;
    }
    const c = conns[buf[0] >> 1];
    if (c && buf[0] % 2 === 0 && buf.length > 1) c.socket.write(buf.subarray(1));
  });
  ws.on('close', () => {
    for (const c of conns) c.socket.destroy();
  });
  ws.on('error', () => {
    for (const c of conns) c.socket.destroy();
  });
}
