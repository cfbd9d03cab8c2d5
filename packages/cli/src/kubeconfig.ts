/** The kubeconfig `kemu up --insecure-http` writes: cluster `kemu`, context `kemu`, user `admin`, plain http. (With TLS it is pki/admin.kubeconfig.) */
import { stringify } from 'yaml';

export function kubeconfigFor(server: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kemu', cluster: { server } }],
    contexts: [{ name: 'kemu', context: { cluster: 'kemu', user: 'admin', namespace: 'default' } }],
    'current-context': 'kemu',
    // Over plain http kubectl sends no credentials anyway; the apiserver does not require any.
    users: [{ name: 'admin', user: {} }],
    preferences: {},
  });
}
