/** Whether a component answers: GET /healthz (or /readyz) → 200, or redis PING → +PONG. */
import { connect, createServer } from 'node:net';
import type { HealthCheck } from './components.js';
import { httpGet } from './api.js';

export async function checkHealth(h: HealthCheck, timeoutMs = 1000): Promise<boolean> {
  return h.type === 'http' ? httpOk(h.url, timeoutMs, h.caFile) : redisPing(h.host, h.port, timeoutMs);
}

/** GET → 200; an https url is verified against `caFile` when given. */
export async function httpOk(url: string, timeoutMs = 1000, caFile?: string): Promise<boolean> {
  try {
    return (await httpGet(url, { timeoutMs, caFile, accept: '*/*' })).status === 200;
  } catch {
    return false;
  }
}

export function redisPing(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host, port });
    let buf = '';
    const done = (ok: boolean) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('\r\n')) done(buf.startsWith('+PONG'));
    });
    sock.on('error', () => done(false));
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Whether something already listens on host:port. */
export function portInUse(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(true));
    s.listen(port, host, () => s.close(() => resolve(false)));
  });
}
