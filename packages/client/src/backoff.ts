/**
 * Capped exponential backoff with jitter (client-go's `wait.Backoff` / backoff manager):
 * each `next()` doubles the base delay up to `maxMs` and adds up to `jitter` × delay at random;
 * `reset()` goes back to `initialMs`.
 */
export interface BackoffOptions {
  /** First delay. Default 800 ms (the reflector's). */
  initialMs?: number;
  /** Cap. Default 30 s. */
  maxMs?: number;
  /** Multiplier per step. Default 2. */
  factor?: number;
  /** Up to this fraction of the delay is added at random. Default 1 (0 = none). */
  jitter?: number;
  random?: () => number;
}

export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;
  /** The un-jittered delay the next call returns. */
  private current: number;

  constructor(opts: BackoffOptions = {}) {
    this.initialMs = opts.initialMs ?? 800;
    this.maxMs = opts.maxMs ?? 30_000;
    this.factor = opts.factor ?? 2;
    this.jitter = opts.jitter ?? 1;
    this.random = opts.random ?? Math.random;
    this.current = this.initialMs;
  }

  next(): number {
    const base = this.current;
    this.current = Math.min(this.maxMs, this.current * this.factor);
    return Math.min(this.maxMs, base + (this.jitter > 0 ? base * this.jitter * this.random() : 0));
  }

  reset(): void { this.current = this.initialMs; }
}
