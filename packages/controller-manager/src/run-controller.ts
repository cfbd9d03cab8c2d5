/**
 * The common `run` of a queue-driven controller: wait for the informers' caches, then run
 * `workers` loops over the queue until the signal aborts, then shut the queue down.
 * Retry policy (rate-limited requeue on error, forget on success) is runWorkers'.
 */
import type { RateLimitingQueue, SharedInformerFactory } from '@kemu/client';
import { runWorkers } from '@kemu/client';
import type { Logger } from 'pino';

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
