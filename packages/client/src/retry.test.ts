import { conflict, FakeClock, notFound, R } from '@kemu/api';
import { describe, expect, it } from 'vitest';
import { DefaultBackoff, DefaultRetry, retryOnConflict } from './retry.js';

/** Moves the clock 1 ms at a time, letting the code under test reach its next sleep in between. */
async function tick(clock: FakeClock, ms: number): Promise<void> {
  await new Promise((r) => setImmediate(r));
  for (let i = 0; i < ms; i++) await clock.advance(1);
}

const noJitter = { random: () => 0 };

describe('retryOnConflict', () => {
  it('retries a conflict until fn succeeds, waiting on the clock', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const p = retryOnConflict(
      DefaultRetry,
      async () => {
        if (++calls < 3) throw conflict(R.pods, 'p');
        return 'written';
      },
      { clock, ...noJitter },
    );
    await tick(clock, 20);
    await expect(p).resolves.toBe('written');
    expect(calls).toBe(3);
  });

  it('gives up with the conflict after DefaultRetry’s 5 tries', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const p = retryOnConflict(
      DefaultRetry,
      async () => {
        calls++;
        throw conflict(R.pods, 'p');
      },
      { clock, ...noJitter },
    );
    const seen = p.catch((err: unknown) => err);
    await tick(clock, 40);
    expect(((await seen) as { reason?: string }).reason).toBe('Conflict');
    expect(calls).toBe(5);
  });

  it('waits 10, 50 and 250 ms between DefaultBackoff’s 4 tries', async () => {
    const clock = new FakeClock();
    const at: number[] = [];
    const start = clock.now();
    const p = retryOnConflict(
      DefaultBackoff,
      async () => {
        at.push(clock.now() - start);
        throw conflict(R.pods, 'p');
      },
      { clock, ...noJitter },
    );
    const seen = p.catch(() => undefined);
    await tick(clock, 310);
    await seen;
    expect(at).toEqual([0, 10, 60, 310]);
  });

  it('rejects at once with an error other than a conflict', async () => {
    let calls = 0;
    await expect(
      retryOnConflict(
        DefaultRetry,
        async () => {
          calls++;
          throw notFound(R.pods, 'p');
        },
        { clock: new FakeClock() },
      ),
    ).rejects.toMatchObject({ reason: 'NotFound' });
    expect(calls).toBe(1);
  });
});
