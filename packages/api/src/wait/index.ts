/** Backoff and polling primitives (k8s.io/apimachinery/pkg/util/wait). */
export { jitter, BackoffSequence, exponentialBackoff, type Backoff, type WaitOptions } from './backoff.js';
export { pollUntil, PollTimeoutError, type PollOptions } from './poll.js';
