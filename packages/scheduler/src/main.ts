/**
 * kube-scheduler's entry point: `--apiserver --kubeconfig --id --healthz-port --profile`.
 * Informers start at once (a standby keeps warm caches); scheduling starts on winning the
 * Lease kube-system/kube-scheduler. Losing the Lease exits with 1, as kube-scheduler does.
 */
import { parseArgs } from 'node:util';
import { timingsFor } from '@kemu/api';
import { clientFromFlags, createLogger, EventBroadcaster, LeaderElector, serveHealthz, SharedInformerFactory } from '@kemu/client';
import { Scheduler } from './scheduler.js';

const { values } = parseArgs({
  options: {
    apiserver: { type: 'string', default: 'http://127.0.0.1:6443' },
    kubeconfig: { type: 'string' },
    id: { type: 'string', default: 'scheduler-1' },
    'healthz-port': { type: 'string', default: '10259' },
    'healthz-bind-address': { type: 'string', default: '127.0.0.1' },
    profile: { type: 'string', default: 'fast' },
  },
  strict: true,
});

const logger = createLogger('kube-scheduler');
const timings = timingsFor(values.profile);
const client = clientFromFlags(values.apiserver!, 'kube-scheduler', logger, values.kubeconfig);
const informers = new SharedInformerFactory(client, { logger });
const broadcaster = new EventBroadcaster(client, { component: 'default-scheduler', logger });
const scheduler = new Scheduler({ client, informers, recorder: broadcaster.recorder(), logger: logger.child({ module: 'scheduler' }) });
const elector = new LeaderElector(client, { logger });

const stop = new AbortController();
let exitCode = 0;
for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.on(sig, () => { logger.info({ signal: sig }, 'shutting down'); stop.abort(); });
}

const healthz = await serveHealthz(Number(values['healthz-port']), values['healthz-bind-address']);
logger.info({ id: values.id, healthzPort: healthz.port, profile: values.profile }, 'scheduler starting');
informers.start(stop.signal);

await elector.run({
  lock: { namespace: 'kube-system', name: 'kube-scheduler', identity: values.id! },
  ...timings.leaderElection,
  onStartedLeading: async (signal) => {
    logger.info({ id: values.id }, 'became leader');
    await scheduler.run(signal);
  },
  onStoppedLeading: () => {
    if (!stop.signal.aborted) {
      logger.error({ id: values.id }, 'leaderelection lost');
      exitCode = 1;
      stop.abort();
    }
  },
}, stop.signal);

stop.abort();
await broadcaster.flush();
await healthz.close();
process.exit(exitCode);
