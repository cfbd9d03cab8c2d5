/**
 * exec/attach over SPDY/3.1 — what kubectl falls back to when the WebSocket upgrade is refused:
 * `POST …/exec?…` with `Upgrade: SPDY/3.1` and `X-Stream-Protocol-Version: v5…, v4.channel.k8s.io, …`.
 * We answer 101 choosing v4.channel.k8s.io; the client then opens one stream per channel (header
 * `streamtype`: error, stdin, stdout, stderr, resize). The apiserver terminates SPDY here and
 * speaks the kubelet's WebSocket v5 channel protocol upstream, translating:
 *   stdin DATA → channel 0, stdin FIN → CLOSE [255,0], resize DATA → channel 4;
 *   channel 1/2 → stdout/stderr DATA; channel 3 (the Status) → the error stream, then FIN all.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket } from 'ws';
import { failure, internalError } from '@kemu/api';
import { rejectUpgrade } from './raw-reply.js';
import { SpdySession, type SpdyStream } from './spdy/index.js';

export const SPDY_EXEC_PROTOCOL = 'v4.channel.k8s.io';
const KUBELET_PROTOCOL = 'v5.channel.k8s.io';
/** How long the client has to open every stream it announced (kubelet's streamCreationTimeout). */
const STREAM_CREATION_TIMEOUT_MS = 30_000;

const UPSTREAM_CLOSED = JSON.stringify({
  metadata: {},
  status: 'Failure',
  message: 'the kubelet closed the stream',
  reason: 'InternalError',
  code: 500,
});

type Channel = 'error' | 'stdin' | 'stdout' | 'stderr' | 'resize';

/** Picks the protocol from X-Stream-Protocol-Version, or undefined when we share none. */
export function negotiateExecProtocol(header: string | string[] | undefined): string | undefined {
  const offered = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((s) => s.trim());
  return offered.includes(SPDY_EXEC_PROTOCOL) ? SPDY_EXEC_PROTOCOL : undefined;
}

export function serveSpdyExec(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  kubeletUrl: string,
  q: URLSearchParams,
  log: Logger,
): void {
  const offered = req.headers['x-stream-protocol-version'];
  const protocol = negotiateExecProtocol(offered);
  if (!protocol) {
    rejectUpgrade(
      socket,
      failure(
        403,
        'Forbidden',
        `unable to upgrade: unable to negotiate protocol: client supports ${JSON.stringify(offered ?? '')}, server accepts ["${SPDY_EXEC_PROTOCOL}"]`,
      ).status,
    );
    return;
  }
  const flag = (n: string) => q.get(n) === 'true' || q.get(n) === '1';
  const tty = flag('tty');
  const expected = new Set<Channel>(['error']);
  if (flag('stdin')) expected.add('stdin');
  if (flag('stdout')) expected.add('stdout');
  if (flag('stderr') && !tty) expected.add('stderr');
  if (tty) expected.add('resize');

  const ws = new WebSocket(kubeletUrl, [KUBELET_PROTOCOL]);
  let upgraded = false;
  ws.on('unexpected-response', (_req, res) => {
    res.resume();
    rejectUpgrade(socket, internalError(`the kubelet refused the stream (${res.statusCode})`).status);
  });
  ws.on('error', (err) => {
    if (!upgraded) rejectUpgrade(socket, internalError(`error dialing backend: ${err.message}`).status);
  });
  socket.on('error', () => ws.terminate());
  ws.on('open', () => {
    if (socket.destroyed) {
      ws.close();
      return;
    }
    upgraded = true;
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${protocol}\r\n\r\n`,
    );
    (socket as Socket).setNoDelay?.(true);
    bridge(socket, head, ws, expected, log);
  });
}

function bridge(socket: Duplex, head: Buffer, ws: WebSocket, expected: Set<Channel>, log: Logger): void {
  const streams = new Map<Channel, SpdyStream>();
  const early: Buffer[] = [];
  let ready = false;
  let finished = false;
  let upstreamClosed = false;

  const session = new SpdySession(
    {
      write: (b) => {
        if (!socket.destroyed) socket.write(b);
      },
      close: () => socket.end(),
    },
    {
      role: 'server',
      onStream: (stream) => {
        const type = (stream.headers.streamtype ?? '') as Channel;
        if (!expected.has(type) || streams.has(type)) {
          stream.reset();
          return;
        }
        stream.reply();
        streams.set(type, stream);
        if (type === 'stdin') {
          stream.on('data', (d: Buffer) => send(0, d));
          stream.on('end', () => {
            if (ws.readyState === ws.OPEN) ws.send(Buffer.from([255, 0]));
          });
        } else if (type === 'resize') {
          stream.on('data', (d: Buffer) => send(4, d));
        }
        if (!ready && [...expected].every((t) => streams.has(t))) {
          ready = true;
          clearTimeout(timer);
          for (const m of early.splice(0)) fromKubelet(m);
          if (upstreamClosed) finish(UPSTREAM_CLOSED);
        }
      },
      onClose: () => {
        ws.terminate();
        clearTimeout(timer);
      },
    },
  );
  const timer = setTimeout(() => {
    log.debug({ expected: [...expected], got: [...streams.keys()] }, 'exec streams not created in time');
    session.close();
  }, STREAM_CREATION_TIMEOUT_MS);
  timer.unref();

  const send = (channel: number, data: Buffer) => {
    if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), data]));
  };
  const finish = (status: string) => {
    if (finished) return;
    finished = true;
    streams.get('stdout')?.end();
    streams.get('stderr')?.end();
    const err = streams.get('error');
    if (err) err.end(status);
    streams.get('stdin')?.end();
    streams.get('resize')?.end();
  };
  const fromKubelet = (m: Buffer) => {
    if (!ready) {
      early.push(m);
      return;
    }
    const payload = m.subarray(1);
    switch (m[0]) {
      case 1:
        streams.get('stdout')?.write(payload);
        break;
      case 2:
        streams.get('stderr')?.write(payload);
        break;
      case 3:
        finish(payload.toString('utf8'));
        break;
    }
  };
  ws.on('message', (data: Buffer) => fromKubelet(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer)));
  ws.on('close', () => {
    upstreamClosed = true;
    // Output that came before the client's streams is replayed once they exist (see onStream).
    if (ready) finish(UPSTREAM_CLOSED);
  });

  socket.on('data', (b: Buffer) => session.receive(b));
  socket.on('close', () => {
    session.transportClosed();
    ws.terminate();
  });
  if (head.length) session.receive(head);
}
