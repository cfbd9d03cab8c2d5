/**
 * `waitFor(cond)`: resolves once `cond()` is truthy, checking every 2 ms of real time; rejects
 * after `timeoutMs` with `message`. A test's shorthand for @kemu/api's pollUntil.
 */
import { pollUntil } from '@kemu/api';

export function waitFor<T>(cond: () => T | Promise<T>, opts: { timeoutMs?: number; message?: string } = {}): Promise<NonNullable<T>> {
  return pollUntil(async () => (await cond()) || undefined, {
    timeoutMs: opts.timeoutMs ?? 5_000,
    intervalMs: 2,
    what: opts.message ?? 'waitFor',
  }) as Promise<NonNullable<T>>;
}
