/**
 * runLeaderElected: how kube-scheduler and kube-controller-manager run (client-go
 * `leaderelection.RunOrDie`). It campaigns for the Lease and runs the component's work only while
 * leading. A requested stop (the signal) ends the work, releases the Lease and resolves 0; a lost
 * Lease ends the work and resolves EXIT_LEADERSHIP_LOST, and the process must then exit and start
 * afresh rather than keep any state of the old term: as kube-scheduler exits and the kubelet
 * restarts its static pod, kemu's supervisor (or docker compose's restart policy) restarts it and
 * reports "lost leadership" from that exit code.
 *
 * The work gets a fenced client: once leadership ends, every write through it is refused before
 * it is sent, so no controller — however deep in a sync, a garbage-collection pass or a retry —
 * writes for a term that is over (kube-controller-manager gets the same by exiting at once).
 */
import { realClock, type Clock } from '@kemu/api';
import type { Logger } from 'pino';
import type { Client } from './interfaces.js';
import { LeaderElector, type LeaderElectionConfig, type LeaseLock } from '@kemu/api';

export interface LeaderElectedOptions {
  client: Client;
  lock: LeaseLock;
  /** leaseDuration > renewDeadline > retryPeriod (a profile's `leaderElection`). */
  timings: Pick<LeaderElectionConfig, 'leaseDurationMs' | 'renewDeadlineMs' | 'retryPeriodMs'>;
  /** Aborting stops the work and releases the Lease. */
  signal: AbortSignal;
  logger: Logger;
  /** Default realClock. */
  clock?: Clock;
  /**
   * The work, started once leading; `leading` aborts when leadership ends. `client` is `client`
   * fenced by `leading`: the work should write only through it. A rejection is logged.
   */
  run(leading: AbortSignal, client: Client): Promise<void>;
}

/** The exit code of a component that lost its Lease (EX_TEMPFAIL: try again). */
export const EXIT_LEADERSHIP_LOST = 75;

/** The Client methods that change the cluster. */
const WRITES = new Set<keyof Client>(['create', 'update', 'updateStatus', 'updateSubresource', 'patch', 'delete', 'createSubresource']);

/** The error a fenced write rejects with. */
export class LeadershipLostError extends Error {
  readonly code = 'LeadershipLost';
  constructor(verb: string) {
    super(`leadership lost: ${verb} not sent`);
  }
}

/** `client` whose writes reject with LeadershipLostError, without being sent, once `leading` aborts. */
export function fencedClient(client: Client, leading: AbortSignal): Client {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (!WRITES.has(prop as keyof Client)) return (value as (...a: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) =>
        leading.aborted
          ? Promise.reject(new LeadershipLostError(String(prop)))
          : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
}

/** How long a lost leader waits for its work to finish before returning anyway (its writes are fenced). */
const LOST_WORK_GRACE_MS = 5_000;

/** Resolves once the work has finished: 0 after a requested stop, EXIT_LEADERSHIP_LOST after the Lease was lost. */
export async function runLeaderElected(o: LeaderElectedOptions): Promise<number> {
  const { logger, lock } = o;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  if (o.signal.aborted) stop.abort();
  else o.signal.addEventListener('abort', onAbort, { once: true });

  let exitCode = 0;
  let running: Promise<void> | undefined;
  const clock = o.clock ?? realClock;
  const elector = new LeaderElector(o.client, { clock, logger });
  try {
    await elector.run(
      {
        lock,
        ...o.timings,
        onStartedLeading: (leading) => {
          logger.info({ id: lock.identity }, 'became leader');
          running = o
            .run(leading, fencedClient(o.client, leading))
            .catch((err: unknown) => logger.error({ err, id: lock.identity }, 'leader work failed'));
          return running;
        },
        onStoppedLeading: () => {
          if (stop.signal.aborted) return;
          logger.error({ id: lock.identity }, 'leaderelection lost');
          exitCode = EXIT_LEADERSHIP_LOST;
          stop.abort();
        },
      },
      stop.signal,
    );
  } finally {
    o.signal.removeEventListener('abort', onAbort);
    stop.abort();
    // A lost leader must not hang on work that ignores the signal: the process is to exit.
    if (exitCode === EXIT_LEADERSHIP_LOST && running) await Promise.race([running, clock.sleep(LOST_WORK_GRACE_MS)]);
    else await running;
  }
  return exitCode;
}
