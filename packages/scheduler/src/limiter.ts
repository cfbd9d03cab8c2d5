/**
 * At most `max` async tasks at a time, the rest started in arrival order as slots free up. The
 * scheduler binds through one, so a burst of assumed pods reuses the client's keep-alive
 * connections instead of opening a socket per binding, while scheduling cycles never wait.
 */
export class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {
    if (!(max >= 1)) throw new Error(`limiter needs max >= 1, got ${max}`);
  }

  /** Tasks running plus tasks waiting for a slot. */
  get pending(): number {
    return this.running + this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.max) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next task, or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
