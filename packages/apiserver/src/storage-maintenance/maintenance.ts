/**
 * Storage maintenance — compaction (on a timer and by size) and the TTL reaper — run by exactly
 * one apiserver of those sharing a store.
 *
 * The runner is elected on the Lease `kube-system/kemu-storage-maintenance`, through the
 * loopback client to this apiserver (as kube-apiserver's own controllers use a loopback
 * clientset), with the same LeaderElector (@kemu/api) the scheduler and controller-manager use. It is observable with `kubectl get lease`, and it
 * releases the Lease on a clean shutdown so the other apiserver takes over at once. The election
 * avoids duplicate work; it is not what keeps the data safe: a stale leader (paused, partitioned)
 * running alongside the new one is harmless, because compaction only ever raises the stored
 * compacted revision (a compare inside the Lua script) and every reaper delete is a
 * compare-and-delete on the object's mod revision that re-checks the deadline.
 *
 * Without a client (the embedded memory store, which no other apiserver can share) the work
 * simply runs.
 */
import type { Logger } from 'pino';
import { LeaderElector, type Clock } from '@kemu/api';
import type { ManagedStore } from '@kemu/storage';
import type { LoopbackClient } from './loopback.js';
import { runSizeCompactor } from './size-compactor.js';

export const MAINTENANCE_LEASE = { namespace: 'kube-system', name: 'kemu-storage-maintenance' } as const;

/** kube-apiserver's --etcd-compaction-interval default. */
export const DEFAULT_COMPACTION_INTERVAL_MS = 5 * 60_000;
/** At most this many revisions of history stay in the stream (≈ 100 MB of 1 KB objects). */
export const DEFAULT_MAX_HISTORY_REVISIONS = 100_000;
/** How often the history length is checked against the cap. */
export const DEFAULT_SIZE_CHECK_INTERVAL_MS = 10_000;

export interface StorageMaintenanceOptions {
  store: ManagedStore;
  /** Loopback client for the election; omit when this apiserver is alone on its store. */
  client?: LoopbackClient;
  /** holderIdentity in the Lease. */
  identity: string;
  /** Timed compaction interval; 0 turns it off. */
  compactionIntervalMs: number;
  /** Size cap of the history in revisions; 0 turns it off. */
  maxHistoryRevisions: number;
  sizeCheckIntervalMs?: number;
  /** TTL reaper interval (default: the store's, 1 s). */
  reapIntervalMs?: number;
  election: { leaseDurationMs: number; renewDeadlineMs: number; retryPeriodMs: number };
  clock: Clock;
  log: Logger;
}

export interface StorageMaintenance {
  /** Whether this apiserver runs the maintenance right now. */
  isLeader(): boolean;
  /** Stops; a leader releases the Lease first. Resolves when done. */
  stop(): Promise<void>;
}

export function startStorageMaintenance(o: StorageMaintenanceOptions): StorageMaintenance {
  const log = o.log.child({ module: 'storage-maintenance' });
  const ctl = new AbortController();
  let leading = false;
  const lead = (signal: AbortSignal) => {
    leading = true;
    signal.addEventListener(
      'abort',
      () => {
        leading = false;
      },
      { once: true },
    );
    log.info(
      { compactionIntervalMs: o.compactionIntervalMs, maxHistoryRevisions: o.maxHistoryRevisions },
      'running compaction and TTL reaping for this store',
    );
    if (o.compactionIntervalMs > 0) o.store.startCompactor(signal, o.compactionIntervalMs);
    if (o.maxHistoryRevisions > 0) {
      void runSizeCompactor(
        o.store,
        {
          maxRevisions: o.maxHistoryRevisions,
          intervalMs: o.sizeCheckIntervalMs ?? DEFAULT_SIZE_CHECK_INTERVAL_MS,
          clock: o.clock,
          log,
        },
        signal,
      );
    }
    o.store.startReaper(signal, o.reapIntervalMs);
  };

  let done: Promise<void>;
  if (!o.client) {
    lead(ctl.signal);
    done = Promise.resolve();
  } else {
    done = campaign(o, o.client, lead, log, ctl.signal);
  }
  return {
    isLeader: () => leading,
    async stop() {
      ctl.abort();
      await done;
    },
  };
}

/** Campaigns for the Lease until signal aborts; leads while holding it, campaigns again when it is lost. */
async function campaign(
  o: StorageMaintenanceOptions,
  client: LoopbackClient,
  lead: (s: AbortSignal) => void,
  log: Logger,
  signal: AbortSignal,
): Promise<void> {
  const electionLog = log.child({ lease: `${MAINTENANCE_LEASE.namespace}/${MAINTENANCE_LEASE.name}`, identity: o.identity });
  while (!signal.aborted) {
    await new LeaderElector(client, { clock: o.clock, logger: electionLog }).run(
      {
        lock: { ...MAINTENANCE_LEASE, identity: o.identity },
        ...o.election,
        onStartedLeading: lead,
        onStoppedLeading: () => log.info({}, 'stopped running compaction and TTL reaping'),
        onNewLeader: (holder) => log.info({ holder }, 'storage maintenance leader'),
      },
      signal,
    );
    if (!signal.aborted) await o.clock.sleep(o.election.retryPeriodMs, signal);
  }
}
