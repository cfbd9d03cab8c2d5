/** Test harness: an in-process apiserver and a minimal HTTP client for it. */
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import pino from 'pino';
import type { Store } from '@kemu/storage';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../api-server.js';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: any;
}

export interface Harness {
  server: ApiServer;
  url: string;
  store: Store;
  req(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  close(): Promise<void>;
}

export async function startHarness(opts: ApiServerOptions = {}): Promise<Harness> {
  const server = await startApiServer({ port: 0, storage: 'memory', logger: pino({ level: 'silent' }), ...opts });
  return {
    server,
    url: server.url,
    store: server.store,
    req: (method, path, body, headers) => request(server.url, method, path, body, headers),
    close: () => server.close(),
  };
}

export function request(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const data =
    body === undefined
      ? undefined
      : Buffer.isBuffer(body)
        ? body
        : typeof body === 'string'
          ? Buffer.from(body)
          : Buffer.from(JSON.stringify(body));
  const h: Record<string, string> = { ...headers };
  if (data && !Object.keys(h).some((k) => k.toLowerCase() === 'content-type'))
    h['Content-Type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  if (data) h['Content-Length'] = String(data.length);
  return new Promise((resolve, reject) => {
    const r = http.request(base + path, { method, headers: h }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
      });
      res.on('error', reject);
    });
    r.on('error', reject);
    if (data) r.write(data);
    r.end();
  });
}

/** An open watch: events arrive in `events`; `next()` awaits the next one. */
export interface WatchStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  next(timeoutMs?: number): Promise<any>;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  close(): void;
}

export function openWatch(base: string, path: string, headers: Record<string, string> = {}): Promise<WatchStream> {
  return new Promise((resolve, reject) => {
    const queue: any[] = [];
    const waiters: ((v: any) => void)[] = [];
    let endResolve!: () => void;
    const ended = new Promise<void>((r) => {
      endResolve = r;
    });
    const r = http.get(base + path, { headers }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i).trim();
          buf = buf.slice(i + 1);
          if (!line) continue;
          const ev = JSON.parse(line);
          const w = waiters.shift();
          if (w) w(ev);
          else queue.push(ev);
        }
      });
      res.on('end', () => endResolve());
      res.on('close', () => endResolve());
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        ended,
        next(timeoutMs = 5000) {
          if (queue.length) return Promise.resolve(queue.shift());
          return new Promise((res2, rej2) => {
            const t = setTimeout(() => rej2(new Error('no watch event within timeout')), timeoutMs);
            waiters.push((v) => {
              clearTimeout(t);
              res2(v);
            });
          });
        },
        close: () => r.destroy(),
      });
    });
    r.on('error', (err) => reject(err));
  });
}

export function pod(name: string, extra: Record<string, any> = {}): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web' }, ...(extra.metadata ?? {}) },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...(extra.spec ?? {}) },
  };
}

/** Writes a kubeconfig for the real kubectl pointing at `server` (plain HTTP, no credentials). */
export function writeKubeconfig(path: string, server: string): string {
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: kemu',
      '  cluster:',
      `    server: ${server}`,
      'contexts:',
      '- name: kemu',
      '  context:',
      '    cluster: kemu',
      '    user: kemu',
      '    namespace: default',
      'current-context: kemu',
      'users:',
      '- name: kemu',
      '  user: {}',
      '',
    ].join('\n'),
  );
  return path;
}
