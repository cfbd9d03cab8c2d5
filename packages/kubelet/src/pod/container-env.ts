/**
 * The environment a container sees: the runtime's own variables, then the spec's `env` with
 * `$(VAR)` references and the downward API (`valueFrom.fieldRef`) resolved.
 */
import { NETWORK, type Container, type Pod } from '@kemu/api';

export function containerEnv(pod: Pod, c: Container, podIP: string, hostIP: string, nodeName: string): Record<string, string> {
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: pod.spec.hostname ?? pod.metadata.name ?? '',
    KUBERNETES_SERVICE_HOST: NETWORK.kubernetesServiceIP,
    KUBERNETES_SERVICE_PORT: '443',
    KUBERNETES_SERVICE_PORT_HTTPS: '443',
    KUBERNETES_PORT: `tcp://${NETWORK.kubernetesServiceIP}:443`,
  };
  const fields: Record<string, string | undefined> = {
    'metadata.name': pod.metadata.name,
    'metadata.namespace': pod.metadata.namespace,
    'metadata.uid': pod.metadata.uid,
    'spec.nodeName': nodeName,
    'spec.serviceAccountName': pod.spec.serviceAccountName,
    'status.podIP': podIP,
    'status.podIPs': podIP,
    'status.hostIP': hostIP,
    'status.hostIPs': hostIP,
  };
  for (const e of c.env ?? []) {
    if (e.value !== undefined) {
      env[e.name] = e.value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string | undefined) =>
        name === undefined ? '$' : (env[name] ?? m),
      );
      continue;
    }
    const vf = e.valueFrom as { fieldRef?: { fieldPath?: string } } | undefined;
    const path = vf?.fieldRef?.fieldPath;
    if (path) {
      const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
      if (label) env[e.name] = (label[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations)?.[label[2]] ?? '';
      else if (fields[path] !== undefined) env[e.name] = fields[path]!;
    } else {
      env[e.name] = env[e.name] ?? '';
    }
  }
  return env;
}
