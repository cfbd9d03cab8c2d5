/** Polls a condition with a deadline — the only way kemu waits for something to happen. */

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Describes what was awaited, for the timeout error. */
  what?: string;
  signal?: AbortSignal;
}

/**
 * Calls `fn` until it returns a value other than false/undefined (which is then returned), or
 * the deadline passes (rejects with the last error `fn` threw, if any).
 */
export async function waitFor<T>(fn: () => T | false | undefined | Promise<T | false | undefined>, opts: WaitOptions): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  const interval = opts.intervalMs ?? 250;
  let lastError: unknown;
  for (;;) {
    opts.signal?.throwIfAborted();
    try {
      const v = await fn();
      if (v !== false && v !== undefined) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what ?? 'condition'}${why}`);
    }
    await new Promise((r) => setTimeout(r, Math.min(interval, Math.max(0, deadline - Date.now()))));
  }
}
