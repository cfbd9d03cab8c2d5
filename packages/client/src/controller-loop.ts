/**
 * The standard worker loop (sample-controller's `processNextWorkItem`): get → sync → on success
 * forget, on error addRateLimited until maxRetries then forget and log → done. All retry policy
 * for a controller sits here.
 */
import { ApiError } from '@kemu/api';
import type { Logger } from 'pino';
import type { RateLimitingQueue } from './interfaces.js';
import { silentLogger } from './logger.js';

export interface RunWorkersOptions {
  /** Aborting shuts the queue down; workers finish their current key and return. */
  signal: AbortSignal;
  logger?: Logger;
  /** Requeues of one key before it is dropped. Default 15. */
  maxRetries?: number;
}

/** Runs `workers` loops until the queue is shut down (by `signal` or anyone else). */
export async function runWorkers(
  queue: RateLimitingQueue,
  workers: number,
  sync: (key: string) => Promise<void>,
  opts: RunWorkersOptions,
): Promise<void> {
  const log = opts.logger ?? silentLogger;
  const maxRetries = opts.maxRetries ?? 15;
  const onAbort = () => queue.shutDown();
  if (opts.signal.aborted) queue.shutDown();
  else opts.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.all(
      Array.from({ length: Math.max(1, workers) }, async () => {
        while (await processNextWorkItem(queue, sync, log, maxRetries)) {
          /* next */
        }
      }),
    );
  } finally {
    opts.signal.removeEventListener('abort', onAbort);
  }
}

/** Processes one key; false once the queue is shut down and drained. */
export async function processNextWorkItem(
  queue: RateLimitingQueue,
  sync: (key: string) => Promise<void>,
  log: Logger,
  maxRetries: number,
): Promise<boolean> {
  const key = await queue.get();
  if (key === undefined) return false;
  try {
    await sync(key);
    queue.forget(key);
  } catch (err) {
    const retries = queue.numRequeues(key);
    const e = err instanceof ApiError ? { code: err.code, reason: err.reason, message: err.message } : err;
    if (retries < maxRetries) {
      log.warn({ key, err: e, retries }, 'sync failed; requeueing');
      queue.addRateLimited(key);
    } else {
      log.error({ key, err: e, retries }, 'sync failed too many times; dropping key');
      queue.forget(key);
    }
  } finally {
    queue.done(key);
  }
  return true;
}
