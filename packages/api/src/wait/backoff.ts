/**
 * wait.Backoff (k8s.io/apimachinery/pkg/util/wait): the parameters of a growing, jittered delay,
 * the sequence of delays they describe, and exponentialBackoff, which retries a condition along
 * that sequence. Time goes through a Clock, so tests advance it instead of sleeping.
 */
import { realClock, type Clock } from '../clock.js';

/** The parameters of a backoff; a plain value, never mutated (BackoffSequence keeps the state). */
export interface Backoff {
  /** The first delay, in milliseconds. */
  durationMs: number;
  /** Each step multiplies the delay by this; 1 keeps it constant (0 is read as 1). */
  factor: number;
  /** Each delay gets up to jitter × delay added at random; 0 = none. */
  jitter: number;
  /** How many steps the sequence has; exponentialBackoff calls its condition at most this often. */
  steps: number;
  /** The delay grows no further than this; reaching it ends the sequence's growth. Default: no cap. */
  capMs?: number;
}

/** `d` plus up to `maxFactor` × d at random (wait.Jitter; a maxFactor ≤ 0 means 1). */
export function jitter(d: number, maxFactor: number, random: () => number = Math.random): number {
  return d + random() * (maxFactor > 0 ? maxFactor : 1) * d;
}

/**
 * The delays of a Backoff, one per `step()` (wait.Backoff.Step): duration, duration × factor, …
 * up to capMs, each jittered. Once the steps are used up (or the cap is reached) every further
 * step returns the last delay, jittered.
 */
export class BackoffSequence {
  private durationMs: number;
  private stepsLeft: number;

  constructor(
    private readonly backoff: Backoff,
    private readonly random: () => number = Math.random,
  ) {
    this.durationMs = backoff.durationMs;
    this.stepsLeft = backoff.steps;
  }

  /** Steps left before the delay stops changing. */
  get steps(): number {
    return this.stepsLeft;
  }

  step(): number {
    const { factor, jitter: j, capMs } = this.backoff;
    if (this.stepsLeft < 1) return j > 0 ? jitter(this.durationMs, j, this.random) : this.durationMs;
    this.stepsLeft--;
    const d = this.durationMs;
    if (factor !== 0) {
      this.durationMs *= factor;
      if (capMs !== undefined && capMs > 0 && this.durationMs > capMs) {
        this.durationMs = capMs;
        this.stepsLeft = 0;
      }
    }
    return j > 0 ? jitter(d, j, this.random) : d;
  }

  /** Back to the first delay and the full number of steps. */
  reset(): void {
    this.durationMs = this.backoff.durationMs;
    this.stepsLeft = this.backoff.steps;
  }
}

export interface WaitOptions {
  /** Default realClock. */
  clock?: Clock;
  /** Aborting ends the wait early (exponentialBackoff then resolves false). */
  signal?: AbortSignal;
  random?: () => number;
}

/**
 * Calls `condition` until it returns true, sleeping `backoff`'s next delay between calls, at most
 * `backoff.steps` times (wait.ExponentialBackoff). Resolves true once the condition held, false when
 * the steps ran out (Go's ErrWaitTimeout) or the signal aborted; a rejection of `condition` rejects.
 */
export async function exponentialBackoff(
  backoff: Backoff,
  condition: () => boolean | Promise<boolean>,
  opts: WaitOptions = {},
): Promise<boolean> {
  const clock = opts.clock ?? realClock;
  const seq = new BackoffSequence(backoff, opts.random);
  while (seq.steps > 0) {
    if (await condition()) return true;
    if (seq.steps === 1 || opts.signal?.aborted) break;
    await clock.sleep(seq.step(), opts.signal);
    if (opts.signal?.aborted) break;
  }
  return false;
}
