/**
 * kube-controller-manager's entry point: `--apiserver --kubeconfig --id --healthz-port --profile`.
 * Controllers run only while holding the Lease kube-system/kube-controller-manager; SIGTERM or
 * SIGINT releases it and exits 0; losing it ends the process with EXIT_LEADERSHIP_LOST (75), and the
 * supervisor (`kemu supervise`, docker compose's restart policy) starts it afresh after the
 * kubelet's back-off, as the kubelet restarts a static pod.
 */
import { CLIENT_FLAGS, portFlag, runComponent } from '@kemu/client';
import { runControllerManager } from './controller-manager.js';

void runComponent({
  name: 'kube-controller-manager',
  flags: {
    ...CLIENT_FLAGS,
    id: { type: 'string', default: 'controller-manager-1' },
    'healthz-port': { type: 'string', default: '10257' },
    'healthz-bind-address': { type: 'string', default: '127.0.0.1' },
  },
  start: (values, { logger, signal }) =>
    runControllerManager({
      apiserver: values.apiserver,
      kubeconfig: values.kubeconfig,
      id: values.id,
      profile: values.profile,
      healthzPort: portFlag('healthz-port', values['healthz-port']),
      healthzHost: values['healthz-bind-address'],
      logger,
      signal,
      onHealthzListening: (port) => logger.info({ healthzPort: port }, 'Serving healthz'),
    }),
});
