import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { PollTimeoutError, pollUntil } from './poll.js';

/** Moves the clock 1 ms at a time, letting the code under test reach its next sleep in between. */
async function tick(clock: FakeClock, ms: number): Promise<void> {
  await new Promise((r) => setImmediate(r));
  for (let i = 0; i < ms; i++) await clock.advance(1);
}

describe('pollUntil', () => {
  it('resolves with the first value that is not false or undefined', async () => {
    const clock = new FakeClock();
    let n = 0;
    const p = pollUntil(() => (++n >= 3 ? `done at ${n}` : undefined), { timeoutMs: 1000, intervalMs: 100, clock });
    await tick(clock, 200);
    await expect(p).resolves.toBe('done at 3');
  });

  it('rejects after the timeout, naming what it waited for and the last error', async () => {
    const clock = new FakeClock();
    const p = pollUntil(
      () => {
        throw new Error('not yet');
      },
      { timeoutMs: 300, intervalMs: 100, clock, what: 'the thing' },
    );
    const seen = p.catch((err: unknown) => err);
    await tick(clock, 300);
    const err = await seen;
    expect(err).toBeInstanceOf(PollTimeoutError);
    expect((err as Error).message).toBe('timed out after 300 ms waiting for the thing: not yet');
  });

  it('rejects when the signal aborts', async () => {
    const ctl = new AbortController();
    const clock = new FakeClock();
    const p = pollUntil(() => false, { timeoutMs: 10_000, clock, signal: ctl.signal });
    ctl.abort(new Error('stopped'));
    await expect(p).rejects.toThrow('stopped');
  });
});
