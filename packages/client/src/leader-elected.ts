/**
 * runLeaderElected: how kube-scheduler and kube-controller-manager run (client-go
 * `leaderelection.RunOrDie`). It campaigns for the Lease and runs the component's work only while
 * leading. A requested stop (the signal) ends the work, releases the Lease and resolves 0; a lost
 * Lease ends the work and resolves 1, and the process must then start afresh rather than keep any
 * state of the old term (runComponent's restartOn: [1]).
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
  /** The work, started once leading; `leading` aborts when leadership ends. A rejection is logged. */
  run(leading: AbortSignal): Promise<void>;
}

/** Resolves once the work has finished: 0 after a requested stop, 1 after the Lease was lost. */
export async function runLeaderElected(o: LeaderElectedOptions): Promise<number> {
  const { logger, lock } = o;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  if (o.signal.aborted) stop.abort();
  else o.signal.addEventListener('abort', onAbort, { once: true });

  let exitCode = 0;
  let running: Promise<void> | undefined;
  const elector = new LeaderElector(o.client, { clock: o.clock ?? realClock, logger });
  try {
    await elector.run(
      {
        lock,
        ...o.timings,
        onStartedLeading: (leading) => {
          logger.info({ id: lock.identity }, 'became leader');
          running = o.run(leading).catch((err: unknown) => logger.error({ err, id: lock.identity }, 'leader work failed'));
          return running;
        },
        onStoppedLeading: () => {
          if (stop.signal.aborted) return;
          logger.error({ id: lock.identity }, 'leaderelection lost');
          exitCode = 1;
          stop.abort();
        },
      },
      stop.signal,
    );
  } finally {
    o.signal.removeEventListener('abort', onAbort);
    stop.abort();
    await running;
  }
  return exitCode;
}
