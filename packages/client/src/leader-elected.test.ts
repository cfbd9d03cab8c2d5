import { describe, expect, it } from 'vitest';
import { FakeClock, R, type Lease } from '@kemu/api';
import type { Client } from './interfaces.js';
import { EXIT_LEADERSHIP_LOST, runLeaderElected } from './leader-elected.js';
import { silentLogger } from './logger.js';
import { FakeClient } from './testing/fake-client.js';

const lock = { namespace: 'kube-system', name: 'kube-controller-manager', identity: 'a' };
const timings = { leaseDurationMs: 4000, renewDeadlineMs: 3000, retryPeriodMs: 1000 };

async function step(clock: FakeClock, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 50) await clock.advance(50);
}

/** Runs work that records its life and stays until its signal aborts. */
function start(client: Client, clock: FakeClock) {
  const ctl = new AbortController();
  const life: string[] = [];
  const done = runLeaderElected({
    client,
    lock,
    timings,
    clock,
    logger: silentLogger,
    signal: ctl.signal,
    run: async (leading) => {
      life.push('started');
      await new Promise((r) => leading.addEventListener('abort', r, { once: true }));
      await clock.sleep(0);
      life.push('finished');
    },
  });
  return { ctl, life, done };
}

describe('runLeaderElected', () => {
  it('runs the work while leading; a requested stop ends it, releases the Lease and resolves 0', async () => {
    const clock = new FakeClock();
    const fake = new FakeClient([], { clock });
    const r = start(fake, clock);
    await step(clock, 100);
    expect(r.life).toEqual(['started']);
    r.ctl.abort();
    await step(clock, 100);
    await expect(r.done).resolves.toBe(0);
    expect(r.life).toEqual(['started', 'finished']);
    expect(fake.tracked<Lease>(R.leases, 'kube-system', 'kube-controller-manager')?.spec?.holderIdentity).toBe('');
  });

  it('ends the work and resolves 1 once the Lease cannot be renewed', async () => {
    const clock = new FakeClock();
    const fake = new FakeClient([], { clock });
    let down = false;
    const client = new Proxy(fake, {
      get: (target, p, recv) => {
        const v = Reflect.get(target, p, recv) as unknown;
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) =>
          down ? Promise.reject(new Error('connect ECONNREFUSED')) : (v as (...a: unknown[]) => unknown).apply(target, args);
      },
    });
    const r = start(client, clock);
    await step(clock, 100);
    down = true;
    await step(clock, 5000);
    await expect(r.done).resolves.toBe(EXIT_LEADERSHIP_LOST);
    expect(r.life).toEqual(['started', 'finished']);
  });
});
