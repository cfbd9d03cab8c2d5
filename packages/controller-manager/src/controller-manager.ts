/**
 * kube-controller-manager: builds one ControllerContext and runs every controller, but only
 * while this process holds the Lease kube-system/kube-controller-manager. A standby campaigns
 * until the leader goes; a leader that loses its Lease stops with EXIT_LEADERSHIP_LOST (the process must
 * restart rather than risk two active managers); a requested stop releases the Lease.
 */
import { setMaxListeners } from 'node:events';
import type { Timings } from '@kemu/api';
import { realClock, timingsFor, type Clock } from '@kemu/api';
import type { Client } from '@kemu/client';
import { EventBroadcaster, SharedInformerFactory, clientFromFlags, runLeaderElected, serveHealthz } from '@kemu/client';
import type { Logger } from 'pino';
import type { Controller, ControllerContext } from './controller-context.js';
import { DeploymentController } from './deployment/controller.js';
import { DisruptionController } from './disruption/index.js';
import { EndpointsController } from './endpoints/controller.js';
import { EndpointSliceController } from './endpointslice/controller.js';
import { GarbageCollector } from './garbage-collector/index.js';
import { NamespaceController } from './namespace/index.js';
import { NodeLifecycleController } from './node-lifecycle/index.js';
import { ReplicaSetController } from './replicaset/controller.js';
import { ReplicationManager } from './replication-controller/controller.js';

export type ControllerName =
  | 'replicaset'
  | 'replicationcontroller'
  | 'deployment'
  | 'endpoints'
  | 'endpointslice'
  | 'nodelifecycle'
  | 'garbagecollector'
  | 'namespace'
  | 'disruption';

interface ControllerDescriptor {
  create(ctx: ControllerContext): Controller;
  workers: number;
}

/** Every controller kemu runs, with its worker count (kube-controller-manager's --concurrent-* defaults, scaled to a lab). */
export const CONTROLLERS: Record<ControllerName, ControllerDescriptor> = {
  replicaset: { create: (ctx) => new ReplicaSetController(ctx), workers: 5 },
  replicationcontroller: { create: (ctx) => new ReplicationManager(ctx), workers: 5 },
  deployment: { create: (ctx) => new DeploymentController(ctx), workers: 5 },
  endpoints: { create: (ctx) => new EndpointsController(ctx), workers: 5 },
  endpointslice: { create: (ctx) => new EndpointSliceController(ctx), workers: 5 },
  nodelifecycle: { create: (ctx) => new NodeLifecycleController(ctx), workers: 1 },
  garbagecollector: { create: (ctx) => new GarbageCollector(ctx), workers: 5 },
  namespace: { create: (ctx) => new NamespaceController(ctx), workers: 5 },
  disruption: { create: (ctx) => new DisruptionController(ctx), workers: 2 },
};

export const LEASE = { namespace: 'kube-system', name: 'kube-controller-manager' } as const;

export interface ControllerManagerOptions {
  /** Comma-separated apiserver URLs (failover). Ignored when `client` is given. */
  apiserver?: string;
  /** Credentials and CA for the apiserver (a kubeconfig file). */
  kubeconfig?: string;
  /** A client to use instead of one built from `apiserver` (tests). */
  client?: Client;
  /** Lease holder identity (`--id`). */
  id: string;
  /** `/healthz` port; undefined = no health server, 0 = any free port. */
  healthzPort?: number;
  healthzHost?: string;
  /** Timing profile (`--profile`), default `fast`; or explicit timings. */
  profile?: string;
  timings?: Timings;
  /** Which controllers run; default all. */
  controllers?: ControllerName[];
  clock?: Clock;
  logger: Logger;
  /** Aborting stops the controllers, releases the Lease and resolves with 0. */
  signal: AbortSignal;
  /** Called with the bound health port once serving. */
  onHealthzListening?(port: number): void;
}

/** Runs until `signal` aborts (→ 0) or leadership is lost (→ EXIT_LEADERSHIP_LOST); resolves with the exit code. */
export async function runControllerManager(opts: ControllerManagerOptions): Promise<number> {
  const logger = opts.logger;
  const timings = opts.timings ?? timingsFor(opts.profile);
  const clock = opts.clock ?? realClock;
  const client =
    opts.client ?? clientFromFlags(opts.apiserver ?? 'http://127.0.0.1:6443', 'kube-controller-manager', logger, opts.kubeconfig);
  const names = opts.controllers ?? (Object.keys(CONTROLLERS) as ControllerName[]);

  const healthz = opts.healthzPort === undefined ? undefined : await serveHealthz(opts.healthzPort, opts.healthzHost ?? '127.0.0.1');
  if (healthz) opts.onHealthzListening?.(healthz.port);

  let broadcaster: EventBroadcaster | undefined;
  logger.info({ id: opts.id, controllers: names }, 'Controller manager starting');
  let exitCode = 1;
  try {
    exitCode = await runLeaderElected({
      client,
      lock: { ...LEASE, identity: opts.id },
      timings: timings.leaderElection,
      clock,
      logger,
      signal: opts.signal,
      run: async (signal, fenced) => {
        logger.info({ id: opts.id }, 'Starting controllers');
        // Every informer, queue and worker listens on this one signal, and every write goes
        // through `fenced`: once the Lease is lost nothing more is sent, whatever is in flight.
        setMaxListeners(0, signal);
        broadcaster = new EventBroadcaster(fenced, { component: 'kube-controller-manager', clock, logger });
        const b = broadcaster;
        const informers = new SharedInformerFactory(client, { clock, logger });
        const ctx: ControllerContext = {
          client: fenced,
          informers,
          recorder: (component) => b.recorder(component),
          timings,
          clock,
          logger,
        };
        const controllers = names.map((n) => ({ name: n, controller: CONTROLLERS[n].create(ctx), workers: CONTROLLERS[n].workers }));
        informers.start(signal);
        await Promise.all(
          controllers.map(async ({ name, controller, workers }) => {
            try {
              await controller.run(workers, signal);
            } catch (err) {
              logger.error({ err, controller: name }, 'Controller failed');
            }
          }),
        );
      },
    });
  } finally {
    await broadcaster?.shutdown();
    await healthz?.close();
    logger.info({ id: opts.id, exitCode }, 'Controller manager stopped');
  }
  return exitCode;
}
