/**
 * Retrying writes that lose an optimistic-concurrency race (client-go `util/retry`). `fn` must
 * re-read the object and re-apply its change on every call: a 409 means the copy it wrote was stale.
 */
import { exponentialBackoff, isConflict, type Backoff, type WaitOptions } from '@kemu/api';

/** For a write that another writer may race: 5 tries, 10 ms apart (jittered). */
export const DefaultRetry: Readonly<Backoff> = Object.freeze({ steps: 5, durationMs: 10, factor: 1.0, jitter: 0.1 });

/** For a write that may have to wait for something else to finish: 4 tries, after 10, 50, 250 ms (jittered). */
export const DefaultBackoff: Readonly<Backoff> = Object.freeze({ steps: 4, durationMs: 10, factor: 5.0, jitter: 0.1 });

/**
 * Calls fn until it resolves, retrying along `backoff` while it rejects with an error `retriable`
 * accepts. Rejects with any other error at once, or with the last retriable error when the steps
 * run out (or the signal aborts).
 */
export async function retryOnError<T>(
  backoff: Backoff,
  retriable: (err: unknown) => boolean,
  fn: () => Promise<T>,
  opts: WaitOptions = {},
): Promise<T> {
  let result!: T;
  let lastErr: unknown;
  const done = await exponentialBackoff(
    backoff,
    async () => {
      try {
        result = await fn();
        return true;
      } catch (err) {
        if (!retriable(err)) throw err;
        lastErr = err;
        return false;
      }
    },
    opts,
  );
  if (!done) throw lastErr;
  return result;
}

/** retryOnError for 409 Conflict: client-go's RetryOnConflict. */
export function retryOnConflict<T>(backoff: Backoff, fn: () => Promise<T>, opts: WaitOptions = {}): Promise<T> {
  return retryOnError(backoff, isConflict, fn, opts);
}
