import { describe, expect, it } from 'vitest';
import { nextRestartDelay, restartBackoffFor } from './restart-backoff.js';

function delays(profile: string, runsMs: number[]): number[] {
  const b = restartBackoffFor(profile);
  const out: number[] = [];
  let prev: number | undefined;
  for (const ran of runsMs) {
    prev = nextRestartDelay(b, prev, ran);
    out.push(prev);
  }
  return out;
}

describe('restart back-off', () => {
  it("is the kubelet's with the realistic profile: 10 s doubling to 5 min, reset after 10 min of running", () => {
    expect(delays('realistic', [1000, 1000, 1000, 1000, 1000, 1000, 1000, 600_000, 1000])).toEqual([
      10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 10_000, 20_000,
    ]);
  });

  it('is scaled down with the fast profile: 1 s doubling to 10 s, reset after 20 s of running', () => {
    expect(delays('fast', [100, 100, 100, 100, 100, 100, 19_999, 20_000])).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000, 1000]);
  });
});
