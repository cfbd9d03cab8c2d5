/** The few API reads the CLI needs (nodes, leader Leases), with the admin kubeconfig's CA and token. */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { loadKubeconfig } from '@kemu/client';

interface Condition {
  type: string;
  status: string;
}
interface NodeLike {
  metadata: { name: string };
  status?: { conditions?: Condition[] };
}
interface LeaseLike {
  spec?: { holderIdentity?: string; renewTime?: string; leaseDurationSeconds?: number };
}

/** Where and how to reach the apiserver. A bare string is a URL needing no credentials. */
export interface ApiAccess {
  server: string;
  ca?: string;
  token?: string;
}

/** The access a kubeconfig file grants (its server, CA and token); `server` overrides its URL. */
export function accessFromKubeconfig(path: string, server?: string): ApiAccess {
  if (!existsSync(path)) return { server: server ?? '' };
  const c = loadKubeconfig(path);
  return { server: server ?? c.server ?? '', ca: c.ca, token: c.token };
}

/** One GET over http or https (verifying `caFile`/`ca`), resolving with status and body. */
export function httpGet(
  url: string,
  opts: { timeoutMs?: number; ca?: string; caFile?: string; token?: string; accept?: string } = {},
): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  const isHttps = u.protocol === 'https:';
  const headers: Record<string, string> = { accept: opts.accept ?? 'application/json' };
  if (opts.token && isHttps) headers.authorization = `Bearer ${opts.token}`;
  const ca = opts.ca ?? (opts.caFile ? readFileSync(opts.caFile, 'utf8') : undefined);
  return new Promise((resolve, reject) => {
    const req = (isHttps ? https : http).request(
      u,
      { method: 'GET', headers, agent: false, timeout: opts.timeoutMs ?? 2000, ...(isHttps ? { ca } : {}) },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within ${opts.timeoutMs ?? 2000} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export async function getJson<T>(target: string | ApiAccess, path = '', timeoutMs = 2000): Promise<T> {
  const access = typeof target === 'string' ? { server: target } : target;
  const url = `${access.server}${path}`;
  const res = await httpGet(url, { timeoutMs, ca: access.ca, token: access.token });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${res.body.slice(0, 200)}`);
  return JSON.parse(res.body) as T;
}

/** Name → Ready condition status ("True", "False", "Unknown") of every node. */
export async function nodeReadiness(apiserver: string | ApiAccess): Promise<Map<string, string>> {
  const list = await getJson<{ items: NodeLike[] }>(apiserver, '/api/v1/nodes');
  return new Map(list.items.map((n) => [n.metadata.name, n.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown']));
}

/**
 * The holder of the leader-election Lease `kube-system/<lease>`, or undefined when there is none
 * or it has expired.
 */
export async function leaseHolder(apiserver: string | ApiAccess, lease: string, now = Date.now()): Promise<string | undefined> {
  const l = await getJson<LeaseLike>(apiserver, `/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/${lease}`, 1500);
  const holder = l.spec?.holderIdentity;
  if (!holder) return undefined;
  const renewed = l.spec?.renewTime ? Date.parse(l.spec.renewTime) : NaN;
  const duration = (l.spec?.leaseDurationSeconds ?? 0) * 1000;
  if (Number.isFinite(renewed) && duration > 0 && renewed + duration < now) return undefined;
  return holder;
}
