/**
 * kube-scheduler's entry point: `--apiserver --kubeconfig --id --healthz-port --profile`.
 * Informers start at once (a standby keeps warm caches); scheduling starts on winning the
 * Lease kube-system/kube-scheduler. Losing the Lease ends the run with 1, as kube-scheduler exits;
 * runComponent then starts it afresh after the kubelet's back-off, as the kubelet would.
 */
import { timingsFor } from '@kemu/api';
import { CLIENT_FLAGS, clientFromFlags, EventBroadcaster, LeaderElector, portFlag, runComponent, serveHealthz, SharedInformerFactory } from '@kemu/client';
import { Scheduler } from './scheduler.js';

void runComponent({
  name: 'kube-scheduler',
  restartOn: [1],
  flags: {
    ...CLIENT_FLAGS,
    id: { type: 'string', default: 'scheduler-1' },
    'healthz-port': { type: 'string', default: '10259' },
    'healthz-bind-address': { type: 'string', default: '127.0.0.1' },
  },
  async start(values, { logger, signal }) {
    const timings = timingsFor(values.profile);
    const client = clientFromFlags(values.apiserver, 'kube-scheduler', logger, values.kubeconfig);
    const informers = new SharedInformerFactory(client, { logger });
    const broadcaster = new EventBroadcaster(client, { component: 'default-scheduler', logger });
    const scheduler = new Scheduler({ client, informers, recorder: broadcaster.recorder(), logger: logger.child({ module: 'scheduler' }) });
    const elector = new LeaderElector(client, { logger });

    // Stops on a signal or on losing the Lease.
    const stop = new AbortController();
    signal.addEventListener('abort', () => stop.abort(), { once: true });
    let exitCode = 0;

    const healthz = await serveHealthz(portFlag('healthz-port', values['healthz-port']), values['healthz-bind-address']);
    logger.info({ id: values.id, healthzPort: healthz.port, profile: values.profile }, 'scheduler starting');
    informers.start(stop.signal);

    await elector.run({
      lock: { namespace: 'kube-system', name: 'kube-scheduler', identity: values.id },
      ...timings.leaderElection,
      onStartedLeading: async (leading) => {
        logger.info({ id: values.id }, 'became leader');
        await scheduler.run(leading);
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
    return exitCode;
  },
});
