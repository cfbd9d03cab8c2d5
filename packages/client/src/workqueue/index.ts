export { Queue } from './queue.js';
export { DelayingQueue } from './delaying-queue.js';
export { ItemExponentialFailureRateLimiter, type RateLimiter } from './rate-limiter.js';
export { DefaultRateLimitingQueue, newRateLimitingQueue, type RateLimitingQueueOptions } from './rate-limiting-queue.js';
