/**
 * The FIFO at the bottom of the workqueue stack (client-go `workqueue.Type`).
 *
 * Invariants:
 * - a key is in `dirty` iff it needs processing; it is in `queue` iff dirty and not processing;
 * - a key added while queued is queued once; a key added while processing is re-queued by `done`,
 *   so no key is ever handed to two workers at once.
 */
export class Queue {
  /** Keys waiting, in order; each at most once. */
  private queue: string[] = [];
  private head = 0;
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly waiters: ((key: string | undefined) => void)[] = [];
  private shuttingDown = false;

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.push(key);
  }

  /** Number of keys waiting (not counting those being processed). */
  len(): number {
    return this.queue.length - this.head;
  }

  /** Resolves with the next key, or undefined once shut down and drained. */
  get(): Promise<string | undefined> {
    const key = this.take();
    if (key !== undefined) return Promise.resolve(key);
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Marks key processed; if it was added meanwhile it goes back in the queue. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) this.push(key);
    else if (this.shuttingDown && this.processing.size === 0) this.drained?.();
  }

  /** Stops accepting keys; waiting `get`s resolve undefined once the queue is empty. */
  shutDown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    if (this.len() === 0) for (const w of this.waiters.splice(0)) w(undefined);
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Resolves when shut down and no key is being processed (for `shutDownWithDrain`). */
  private drained?: () => void;
  async shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.processing.size === 0) return;
    await new Promise<void>((resolve) => {
      this.drained = resolve;
    });
  }

  private push(key: string): void {
    const w = this.waiters.shift();
    if (w) {
      this.dirty.delete(key);
      this.processing.add(key);
      w(key);
      return;
    }
    this.queue.push(key);
  }

  private take(): string | undefined {
    if (this.head >= this.queue.length) return undefined;
    const key = this.queue[this.head++];
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.dirty.delete(key);
    this.processing.add(key);
    return key;
  }
}
