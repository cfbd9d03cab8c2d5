/**
 * kube-controller-manager's entry point: `--apiserver --kubeconfig --id --healthz-port --profile`.
 * Controllers run only while holding the Lease kube-system/kube-controller-manager; SIGTERM or
 * SIGINT releases it and exits 0; losing it exits 1.
 */
import { parseArgs } from 'node:util';
import { createLogger } from '@kemu/client';
import { runControllerManager } from './controller-manager.js';

const { values } = parseArgs({
  options: {
    apiserver: { type: 'string', default: 'http://127.0.0.1:6443' },
    kubeconfig: { type: 'string' },
    id: { type: 'string', default: 'controller-manager-1' },
    'healthz-port': { type: 'string', default: '10257' },
    'healthz-bind-address': { type: 'string', default: '127.0.0.1' },
    profile: { type: 'string', default: 'fast' },
  },
  strict: true,
});

const logger = createLogger('kube-controller-manager');
const stop = new AbortController();
for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.on(sig, () => { logger.info({ signal: sig }, 'Shutting down'); stop.abort(); });
}

const code = await runControllerManager({
  apiserver: values.apiserver, kubeconfig: values.kubeconfig, id: values.id!, profile: values.profile,
  healthzPort: Number(values['healthz-port']), healthzHost: values['healthz-bind-address'],
  logger, signal: stop.signal,
  onHealthzListening: (port) => logger.info({ healthzPort: port }, 'Serving healthz'),
}).catch((err) => {
  logger.error({ err }, 'Controller manager failed');
  return 1;
});
process.exit(code);
