/**
 * Wires the background work of one apiserver: storage maintenance (elected when the store is
 * shared, i.e. Redis) and, on a shared store, the endpoint reconciler of the `kubernetes`
 * Service. Stopping releases the maintenance Lease and removes this apiserver from the
 * endpoints while its HTTP server still answers.
 */
import type { Logger } from 'pino';
import type { Clock, Timings } from '@kemu/api';
import type { ManagedStore } from '@kemu/storage';
import type { Loopback } from './loopback.js';
import { startStorageMaintenance } from './maintenance.js';
import { EndpointReconciler } from './endpoint-reconciler.js';

export interface BackgroundOptions {
  store: ManagedStore;
  /** Whether other apiservers may share the store (Redis): then elect, and reconcile endpoints. */
  shared: boolean;
  loopback: Loopback;
  /** This apiserver's URL, address and port. */
  url: string;
  ip: string;
  port: number;
  identity: string;
  compactionIntervalMs: number;
  maxHistoryRevisions: number;
  timings: Timings;
  clock: Clock;
  log: Logger;
  ensureStartupObjects(): Promise<void>;
}

export interface Background {
  stop(): Promise<void>;
}

/** How long stop() waits for the Lease release and endpoint removal (the store may be down). */
const STOP_TIMEOUT_MS = 3000;

export function startBackground(o: BackgroundOptions): Background {
  const client = o.shared ? o.loopback.client(o.url, o.log.child({ module: 'loopback' })) : undefined;
  const maintenance = startStorageMaintenance({
    store: o.store,
    client,
    identity: o.identity,
    compactionIntervalMs: o.compactionIntervalMs,
    maxHistoryRevisions: o.maxHistoryRevisions,
    election: o.timings.leaderElection,
    clock: o.clock,
    log: o.log,
  });
  const ctl = new AbortController();
  let reconciler: EndpointReconciler | undefined;
  let reconciling: Promise<void> = Promise.resolve();
  if (client) {
    reconciler = new EndpointReconciler({
      client,
      ip: o.ip,
      port: o.port,
      identity: o.identity,
      leaseDurationMs: o.timings.leaderElection.leaseDurationMs,
      intervalMs: o.timings.leaderElection.retryPeriodMs,
      clock: o.clock,
      log: o.log,
      ensureStartupObjects: o.ensureStartupObjects,
    });
    reconciling = reconciler.run(ctl.signal);
  }
  return {
    async stop() {
      ctl.abort();
      const work = (async () => {
        await maintenance.stop();
        await reconciling;
        await reconciler
          ?.removeSelf()
          .catch((err) => o.log.warn({ err: (err as Error).message }, 'could not remove this apiserver from the kubernetes endpoints'));
      })();
      await Promise.race([work, new Promise((r) => setTimeout(r, STOP_TIMEOUT_MS).unref())]);
    },
  };
}
