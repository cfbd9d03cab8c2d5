/**
 * `GET /healthz` (also `/livez`, `/readyz`): 200 `ok` when every check passes, else 500 with the
 * kube-style `[+]name ok` / `[-]name failed` listing. `port` 0 picks a free port.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type HealthCheck = () => boolean | Promise<boolean>;

export interface HealthzServer {
  readonly server: Server;
  readonly port: number;
  /** Idempotent. */
  close(): Promise<void>;
}

export async function serveHealthz(port: number, host = '127.0.0.1', checks: Record<string, HealthCheck> = {}): Promise<HealthzServer> {
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (path !== '/healthz' && path !== '/livez' && path !== '/readyz') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
      return;
    }
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          return [name, await check()] as const;
        } catch {
          return [name, false] as const;
        }
      }),
    );
    const failed = results.filter(([, ok]) => !ok);
    if (failed.length === 0) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('ok');
      return;
    }
    const body =
      results.map(([name, ok]) => `[${ok ? '+' : '-'}]${name} ${ok ? 'ok' : 'failed'}`).join('\n') + `\n${path.slice(1)} check failed\n`;
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  return {
    server,
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
