/**
 * `waitFor(cond)`: resolves once `cond()` is truthy, checking after every macrotask turn (no
 * fixed sleeps); rejects after `timeoutMs` of real time with `message`.
 */
export async function waitFor<T>(cond: () => T | Promise<T>, opts: { timeoutMs?: number; message?: string } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + (opts.timeoutMs ?? 5_000);
  for (;;) {
    const v = await cond();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`waitFor: timed out${opts.message ? `: ${opts.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
