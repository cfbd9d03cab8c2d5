/**
 * Adds `addAfter` to the FIFO (client-go `DelayingInterface`): a key becomes ready after a delay
 * measured on the injected Clock. A key waiting twice keeps the earlier ready time.
 */
import { realClock, type Clock } from '@kemu/api';
import { Queue } from './queue.js';

export class DelayingQueue extends Queue {
  /** key → when it becomes ready and how to cancel its timer. */
  private readonly waiting = new Map<string, { readyAt: number; cancel: () => void }>();

  constructor(protected readonly clock: Clock = realClock) {
    super();
  }

  addAfter(key: string, delayMs: number): void {
    if (this.isShuttingDown()) return;
    if (!(delayMs > 0)) {
      this.add(key);
      return;
    }
    const readyAt = this.clock.now() + delayMs;
    const prev = this.waiting.get(key);
    if (prev && prev.readyAt <= readyAt) return;
    prev?.cancel();
    const cancel = this.clock.setTimeout(() => {
      this.waiting.delete(key);
      this.add(key);
    }, delayMs);
    this.waiting.set(key, { readyAt, cancel });
  }

  /** Keys waiting for their delay to pass. */
  numWaiting(): number {
    return this.waiting.size;
  }

  override shutDown(): void {
    for (const w of this.waiting.values()) w.cancel();
    this.waiting.clear();
    super.shutDown();
  }
}
