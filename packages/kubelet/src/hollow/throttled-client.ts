/**
 * A Client that keeps at most `maxInFlight` requests open at once (watches excepted) and queues
 * the rest in arrival order — client-go's QPS/burst idea reduced to a concurrency cap. Thousands
 * of hollow nodes share one; without it their registrations and lease renewals would each open a
 * socket to the apiserver at the same instant.
 *
 * It wraps every method of the inner Client but `watch` (a Proxy, so methods added to the Client
 * contract later are throttled too).
 */
import type { Client } from '@kemu/client';

/** A FIFO counting semaphore. */
export class Throttle {
  private inFlight = 0;
  private waiting: (() => void)[] = [];
  private head = 0;

  constructor(readonly maxInFlight: number) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new Error(`maxInFlight must be a positive integer (got ${maxInFlight})`);
  }

  /** Calls waiting for a slot. */
  queued(): number {
    return this.waiting.length - this.head;
  }

  active(): number {
    return this.inFlight;
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.maxInFlight) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.inFlight++;
    try {
      return await call();
    } finally {
      this.release();
    }
  }

  /** Hands the slot to the next waiter (the count stays), or frees it. */
  private release(): void {
    if (this.head < this.waiting.length) {
      const next = this.waiting[this.head++];
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting = this.waiting.slice(this.head);
        this.head = 0;
      }
      next();
    } else {
      this.inFlight--;
    }
  }
}

export type ThrottledClient = Client & { readonly throttle: Throttle };

export function throttledClient(inner: Client, maxInFlight = 16): ThrottledClient {
  const throttle = new Throttle(maxInFlight);
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'throttle') return throttle;
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      if (prop === 'watch') return (v as (...a: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => throttle.run(() => (v as (...a: unknown[]) => Promise<unknown>).apply(target, args));
    },
  }) as ThrottledClient;
}
