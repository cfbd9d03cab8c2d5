/**
 * The common queue and `run` of a queue-driven controller: wait for the informers' caches, then run
 * `workers` loops over the queue until the signal aborts, then shut the queue down.
 * Retry policy (rate-limited requeue on error, forget on success) is runWorkers'.
 */
import type { RateLimitingQueue, SharedInformerFactory } from '@kemu/client';
import { newRateLimitingQueue, runWorkers } from '@kemu/client';
import type { Logger } from 'pino';
import type { ControllerContext } from './controller-context.js';

/** A controller's work queue: per-item exponential backoff from the profile, time from ctx.clock. */
export function newControllerQueue(ctx: Pick<ControllerContext, 'clock' | 'timings'>, name: string): RateLimitingQueue {
  return newRateLimitingQueue({
    clock: ctx.clock,
    baseDelayMs: ctx.timings.queueBaseDelayMs,
    maxDelayMs: ctx.timings.queueMaxDelayMs,
    name,
  });
}

export interface RunControllerOptions {
  informers: SharedInformerFactory;
  queue: RateLimitingQueue;
  workers: number;
  signal: AbortSignal;
  sync(key: string): Promise<void>;
  logger: Logger;
}

export async function runController(o: RunControllerOptions): Promise<void> {
  o.logger.info({ workers: o.workers }, 'Starting controller');
  const stop = () => o.queue.shutDown();
  if (o.signal.aborted) return stop();
  o.signal.addEventListener('abort', stop, { once: true });
  try {
    if (!(await o.informers.waitForCacheSync(o.signal))) return;
    o.logger.info('Caches are synced');
    await runWorkers(o.queue, o.workers, (key) => o.sync(key), { signal: o.signal, logger: o.logger });
  } finally {
    o.signal.removeEventListener('abort', stop);
    stop();
    o.logger.info('Shutting down controller');
  }
}
