/**
 * Reading a kubeconfig the way client-go's clientcmd does for the fields kemu components use:
 * the current (or named) context's cluster `server`, `certificate-authority-data` or
 * `certificate-authority` (a path, relative to the kubeconfig's folder), `insecure-skip-tls-verify`,
 * and its user's `token` or `tokenFile`.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

export interface KubeconfigCredentials {
  server?: string;
  /** PEM of the CA that signs the apiserver's serving certificate. */
  ca?: string;
  token?: string;
  insecureSkipTLSVerify?: boolean;
}

interface Named<T> {
  name?: string;
  [k: string]: unknown;
  cluster?: T;
  user?: T;
  context?: T;
}
interface RawConfig {
  'current-context'?: string;
  clusters?: Named<Record<string, unknown>>[];
  users?: Named<Record<string, unknown>>[];
  contexts?: Named<{ cluster?: string; user?: string }>[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Parses kubeconfig text; `dir` resolves relative file references. Throws on a missing context. */
export function parseKubeconfig(text: string, dir: string, contextName?: string): KubeconfigCredentials {
  const raw = (parse(text) ?? {}) as RawConfig;
  const name = contextName ?? raw['current-context'];
  const ctx = raw.contexts?.find((c) => c.name === name)?.context;
  if (!ctx) throw new Error(`kubeconfig: context "${name ?? ''}" not found`);
  const cluster = raw.clusters?.find((c) => c.name === ctx.cluster)?.cluster ?? {};
  const user = raw.users?.find((u) => u.name === ctx.user)?.user ?? {};
  const out: KubeconfigCredentials = { server: str(cluster.server) };
  const caData = str(cluster['certificate-authority-data']);
  const caFile = str(cluster['certificate-authority']);
  if (caData) out.ca = Buffer.from(caData, 'base64').toString('utf8');
  else if (caFile) out.ca = readFileSync(resolve(dir, caFile), 'utf8');
  if (cluster['insecure-skip-tls-verify'] === true) out.insecureSkipTLSVerify = true;
  const token = str(user.token);
  const tokenFile = str(user.tokenFile);
  if (token) out.token = token;
  else if (tokenFile) out.token = readFileSync(resolve(dir, tokenFile), 'utf8').trim();
  return out;
}

export function loadKubeconfig(path: string, contextName?: string): KubeconfigCredentials {
  return parseKubeconfig(readFileSync(path, 'utf8'), dirname(resolve(path)), contextName);
}
