/**
 * One probe execution against the container's own socket. httpGet succeeds on 200–399,
 * tcpSocket on a completed connect. exec probes have no process to run in the simulation:
 * they succeed (documented).
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import type { Container, IntOrString, Probe } from '@kemu/api';

export interface ProbeResult {
  ok: boolean;
  output: string;
}

export function resolvePort(port: IntOrString, container: Container): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

export async function runProbe(probe: Probe, podIP: string, container: Container): Promise<ProbeResult> {
  const timeoutMs = Math.max(1, probe.timeoutSeconds ?? 1) * 1000;
  if (probe.httpGet) {
    const port = resolvePort(probe.httpGet.port, container);
    if (port === undefined) return { ok: false, output: `unknown port ${JSON.stringify(probe.httpGet.port)}` };
    const host = probe.httpGet.host || podIP;
    const path = probe.httpGet.path || '/';
    const url = `${(probe.httpGet.scheme ?? 'HTTP').toLowerCase()}://${host}:${port}${path}`;
    return new Promise((resolve) => {
      const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.32', Accept: '*/*' };
      for (const h of probe.httpGet!.httpHeaders ?? []) headers[h.name] = h.value;
      const req = request({ host, port, path, method: 'GET', headers, timeout: timeoutMs, agent: false }, (res) => {
        res.resume();
        const code = res.statusCode ?? 0;
        resolve(code >= 200 && code < 400 ? { ok: true, output: '' } : { ok: false, output: `HTTP probe failed with statuscode: ${code}` });
      });
      req.on('timeout', () => {
        req.destroy();
        resolve({ ok: false, output: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
      });
      req.on('error', (err: NodeJS.ErrnoException) =>
        resolve({ ok: false, output: `Get "${url}": dial tcp ${host}:${port}: connect: ${errText(err)}` }),
      );
      req.end();
    });
  }
  if (probe.tcpSocket) {
    const port = resolvePort(probe.tcpSocket.port, container);
    if (port === undefined) return { ok: false, output: `unknown port ${JSON.stringify(probe.tcpSocket.port)}` };
    const host = probe.tcpSocket.host || podIP;
    return new Promise((resolve) => {
      const sock = connect({ host, port, timeout: timeoutMs });
      sock.once('connect', () => {
        sock.destroy();
        resolve({ ok: true, output: '' });
      });
      sock.once('timeout', () => {
        sock.destroy();
        resolve({ ok: false, output: `dial tcp ${host}:${port}: i/o timeout` });
      });
      sock.once('error', (err: NodeJS.ErrnoException) =>
        resolve({ ok: false, output: `dial tcp ${host}:${port}: connect: ${errText(err)}` }),
      );
    });
  }
  return { ok: true, output: '' };
}

function errText(err: NodeJS.ErrnoException): string {
  if (err.code === 'ECONNREFUSED') return 'connection refused';
  if (err.code === 'ECONNRESET') return 'connection reset by peer';
  return err.message;
}
