/**
 * The topology docker-compose.yml runs: `kemu up --nodes 3` with fixed ports (containers cannot
 * pick free ones at start-up) and the apiserver listening on every address so the published port
 * reaches it. All containers share one network namespace (the `fabric` service, like a Pod's pause
 * container), so the loopback fabric — node IPs, pod IPs, ClusterIPs — works exactly as on one host.
 */
import { NETWORK } from '@kemu/api';
import { wellKnownHealthzPort, type ClusterPlan } from './components.js';

export const COMPOSE_PLAN: ClusterPlan = {
  nodes: 3,
  profile: 'fast',
  apiserverPort: NETWORK.apiserverPort,
  bindAddress: '0.0.0.0',
  storage: { kind: 'redis', port: 6379, dir: '/data' },
  schedulerReplicas: 1,
  controllerManagerReplicas: 1,
  kubeletPort: NETWORK.kubeletPort,
  healthzPort: wellKnownHealthzPort,
  pki: '/var/lib/kemu/pki',
};

/** Which compose service runs each component of COMPOSE_PLAN. */
export function composeServiceOf(component: string): string {
  const m = /^(scheduler|controller-manager)-1$/.exec(component);
  if (m) return m[1];
  const n = /^(?:kubelet|proxy)-(\d+)$/.exec(component);
  if (n) return `node-${n[1]}`;
  return component;
}
