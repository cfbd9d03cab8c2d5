/**
 * pollUntil: the one way kemu waits for a condition it cannot watch (wait.PollUntilContextTimeout).
 * Time goes through a Clock, so a test with a FakeClock moves time instead of sleeping.
 */
import { realClock, type Clock } from '../clock.js';

export interface PollOptions {
  /** Give up after this long. */
  timeoutMs: number;
  /** Between calls. Default 250 ms. */
  intervalMs?: number;
  /** Describes what is awaited, for the timeout error. */
  what?: string;
  /** Aborting rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Default realClock. */
  clock?: Clock;
}

/** The rejection of pollUntil when the timeout passed. */
export class PollTimeoutError extends Error {
  override readonly name = 'PollTimeoutError';
}

/**
 * Calls `condition` at once and then every interval until it returns something other than
 * false/undefined, and resolves with that. A call that throws counts as not yet; when the timeout
 * passes it rejects with a PollTimeoutError naming `what` and the last error thrown, if any.
 */
export async function pollUntil<T>(condition: () => T | false | undefined | Promise<T | false | undefined>, opts: PollOptions): Promise<T> {
  const clock = opts.clock ?? realClock;
  const deadline = clock.now() + opts.timeoutMs;
  const interval = opts.intervalMs ?? 250;
  let lastError: unknown;
  for (;;) {
    opts.signal?.throwIfAborted();
    try {
      const v = await condition();
      if (v !== false && v !== undefined) return v;
    } catch (err) {
      lastError = err;
    }
    const left = deadline - clock.now();
    if (left <= 0) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new PollTimeoutError(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what ?? 'condition'}${why}`);
    }
    await clock.sleep(Math.min(interval, left), opts.signal);
  }
}
