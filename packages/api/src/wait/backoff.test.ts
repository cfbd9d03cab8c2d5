import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { BackoffSequence, exponentialBackoff } from './backoff.js';

/** Moves the clock 1 ms at a time, letting the code under test reach its next sleep in between. */
async function tick(clock: FakeClock, ms: number): Promise<void> {
  await new Promise((r) => setImmediate(r));
  for (let i = 0; i < ms; i++) await clock.advance(1);
}

describe('BackoffSequence', () => {
  it('multiplies the delay by factor each step', () => {
    const seq = new BackoffSequence({ durationMs: 10, factor: 5, jitter: 0, steps: 4 });
    expect([seq.step(), seq.step(), seq.step(), seq.step()]).toEqual([10, 50, 250, 1250]);
  });

  it('stops growing at the cap and keeps returning it', () => {
    const seq = new BackoffSequence({ durationMs: 100, factor: 2, jitter: 0, steps: Infinity, capMs: 300 });
    expect([seq.step(), seq.step(), seq.step(), seq.step()]).toEqual([100, 200, 300, 300]);
  });

  it('adds up to jitter × delay', () => {
    const seq = new BackoffSequence({ durationMs: 10, factor: 1, jitter: 0.1, steps: 5 }, () => 0.5);
    expect(seq.step()).toBeCloseTo(10.5);
  });

  it('starts over on reset', () => {
    const seq = new BackoffSequence({ durationMs: 1, factor: 2, jitter: 0, steps: 3 });
    seq.step();
    seq.step();
    seq.reset();
    expect(seq.step()).toBe(1);
    expect(seq.steps).toBe(2);
  });
});

describe('exponentialBackoff', () => {
  it('calls the condition at most steps times, sleeping on the clock between calls', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    let calls = 0;
    const done = exponentialBackoff(
      { durationMs: 10, factor: 5, jitter: 0, steps: 4 },
      () => {
        calls++;
        return false;
      },
      { clock },
    );
    await tick(clock, 10 + 50 + 250);
    await expect(done).resolves.toBe(false);
    expect(calls).toBe(4);
    expect(clock.now() - start).toBe(310);
  });

  it('resolves true as soon as the condition holds', async () => {
    let calls = 0;
    await expect(
      exponentialBackoff({ durationMs: 10, factor: 1, jitter: 0, steps: 5 }, () => ++calls === 1, { clock: new FakeClock() }),
    ).resolves.toBe(true);
    expect(calls).toBe(1);
  });
});
