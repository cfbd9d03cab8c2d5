/**
 * Adds per-item rate limiting to the delaying queue (client-go `RateLimitingInterface`):
 * `addRateLimited` waits as long as the limiter says, `forget` ends the key's backoff.
 */
import { realClock, type Clock } from '@kemu/api';
import type { RateLimitingQueue } from '../interfaces.js';
import { DelayingQueue } from './delaying-queue.js';
import { ItemExponentialFailureRateLimiter, type RateLimiter } from './rate-limiter.js';

export class DefaultRateLimitingQueue extends DelayingQueue implements RateLimitingQueue {
  constructor(
    clock: Clock,
    private readonly limiter: RateLimiter,
    readonly name = '',
  ) {
    super(clock);
  }

  addRateLimited(key: string): void {
    this.addAfter(key, this.limiter.when(key));
  }
  forget(key: string): void {
    this.limiter.forget(key);
  }
  numRequeues(key: string): number {
    return this.limiter.numRequeues(key);
  }
}

export interface RateLimitingQueueOptions {
  /** Default the real clock. */
  clock?: Clock;
  /** First retry delay (Timings.queueBaseDelayMs). Default 5 ms. */
  baseDelayMs?: number;
  /** Retry delay cap (Timings.queueMaxDelayMs). Default 1000 s. */
  maxDelayMs?: number;
  /** For logs. */
  name?: string;
  /** Replaces the per-item exponential limiter. */
  rateLimiter?: RateLimiter;
}

export function newRateLimitingQueue(opts: RateLimitingQueueOptions = {}): DefaultRateLimitingQueue {
  const limiter = opts.rateLimiter ?? new ItemExponentialFailureRateLimiter(opts.baseDelayMs ?? 5, opts.maxDelayMs ?? 1_000_000);
  return new DefaultRateLimitingQueue(opts.clock ?? realClock, limiter, opts.name);
}
