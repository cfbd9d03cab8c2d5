/**
 * kube-scheduler's entry point: `--apiserver --kubeconfig --id --healthz-port --profile`.
 * Informers start at once (a standby keeps warm caches); scheduling starts on winning the
 * Lease kube-system/kube-scheduler. Losing the Lease ends the process with EXIT_LEADERSHIP_LOST (75),
 * as kube-scheduler exits; the supervisor (`kemu supervise`, docker compose's restart policy)
 * starts it afresh after the kubelet's back-off, as the kubelet restarts a static pod.
 */
import { timingsFor } from '@kemu/api';
import {
  CLIENT_FLAGS,
  clientFromFlags,
  EventBroadcaster,
  fencedClient,
  portFlag,
  runComponent,
  runLeaderElected,
  serveHealthz,
  SharedInformerFactory,
} from '@kemu/client';
import { Scheduler } from './scheduler.js';

void runComponent({
  name: 'kube-scheduler',
  flags: {
    ...CLIENT_FLAGS,
    id: { type: 'string', default: 'scheduler-1' },
    'healthz-port': { type: 'string', default: '10259' },
    'healthz-bind-address': { type: 'string', default: '127.0.0.1' },
  },
  async start(values, { logger, signal }) {
    const timings = timingsFor(values.profile);
    const client = clientFromFlags(values.apiserver, 'kube-scheduler', logger, values.kubeconfig);
    // Bindings and events go through a client fenced by this term's leadership: after the Lease
    // is lost, nothing more is sent. A term is one `start`; a restart builds a new one.
    const term = new AbortController();
    const fenced = fencedClient(client, term.signal);
    const informers = new SharedInformerFactory(client, { logger });
    const broadcaster = new EventBroadcaster(fenced, { component: 'default-scheduler', logger });
    const scheduler = new Scheduler({
      client: fenced,
      informers,
      recorder: broadcaster.recorder(),
      logger: logger.child({ module: 'scheduler' }),
    });
    const healthz = await serveHealthz(portFlag('healthz-port', values['healthz-port']), values['healthz-bind-address']);
    logger.info({ id: values.id, healthzPort: healthz.port, profile: values.profile }, 'scheduler starting');
    // Informers run while standing by too, so a new leader starts with warm caches.
    const informing = new AbortController();
    informers.start(informing.signal);

    const exitCode = await runLeaderElected({
      client,
      lock: { namespace: 'kube-system', name: 'kube-scheduler', identity: values.id },
      timings: timings.leaderElection,
      logger,
      signal,
      run: (leading) => {
        leading.addEventListener('abort', () => term.abort(), { once: true });
        return scheduler.run(leading);
      },
    });

    informing.abort();
    await broadcaster.flush();
    await healthz.close();
    return exitCode;
  },
});
