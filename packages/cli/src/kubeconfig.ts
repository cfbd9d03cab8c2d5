/**
 * The one kubeconfig writer: cluster `kemu`, context `kemu` (namespace default), and one user.
 * `kemu up --insecure-http` writes it with no credentials (user `admin`, plain http); with TLS
 * every identity gets one with its bearer token and the cluster CA (pki/<id>.kubeconfig).
 */
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  /** Default `admin`. */
  user?: string;
  /** Bearer token; none over plain http, where kubectl sends no credentials anyway. */
  token?: string;
  /** PEM of the CA that signed the apiserver's certificate (embedded as certificate-authority-data). */
  caPem?: string;
  /** The context's namespace. Default `default`. */
  namespace?: string;
}

export function kubeconfigFor(server: string, o: KubeconfigOptions = {}): string {
  const user = o.user ?? 'admin';
  const cluster = o.caPem ? { server, 'certificate-authority-data': Buffer.from(o.caPem).toString('base64') } : { server };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kemu', cluster }],
    contexts: [{ name: 'kemu', context: { cluster: 'kemu', user, namespace: o.namespace ?? 'default' } }],
    'current-context': 'kemu',
    users: [{ name: user, user: o.token ? { token: o.token } : {} }],
    preferences: {},
  });
}
