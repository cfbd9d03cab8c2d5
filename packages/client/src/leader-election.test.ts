import { describe, expect, it } from 'vitest';
import { FakeClock, R, timingsFor, type Lease } from '@kemu/api';
import type { Client } from './interfaces.js';
import { LeaderElector, type LeaderElectionConfig } from '@kemu/api';
import { FakeClient } from './testing/fake-client.js';

/** A client that can be cut off from the apiserver (every call fails like a dead connection). */
function partitionable(inner: Client): Client & { down: boolean; hung: boolean } {
  const c = { down: false, hung: false } as Client & { down: boolean; hung: boolean };
  for (const m of ['get', 'list', 'create', 'update', 'updateStatus', 'patch', 'delete', 'createSubresource', 'watch'] as const) {
    (c as unknown as Record<string, unknown>)[m] = (...args: unknown[]) => {
      if (c.down) return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      // A request on a connection that never answers (a flooded or restarting apiserver).
      if (c.hung) return new Promise(() => {});
      return (inner[m] as (...a: unknown[]) => unknown).apply(inner, args);
    };
  }
  return c;
}

const lock = (identity: string) => ({ namespace: 'kube-system', name: 'kube-scheduler', identity });

function candidate(
  client: Client,
  clock: FakeClock,
  identity: string,
  timings?: Pick<LeaderElectionConfig, 'leaseDurationMs' | 'renewDeadlineMs' | 'retryPeriodMs'>,
) {
  const elector = new LeaderElector(client, { clock, random: () => 0 });
  const ctl = new AbortController();
  const log: string[] = [];
  let leaderSignal: AbortSignal | undefined;
  const cfg: LeaderElectionConfig = {
    lock: lock(identity),
    leaseDurationMs: 4000,
    renewDeadlineMs: 3000,
    retryPeriodMs: 1000,
    onStartedLeading: (s) => {
      leaderSignal = s;
      log.push('started');
    },
    onStoppedLeading: () => log.push('stopped'),
    onNewLeader: (id) => log.push(`leader ${id}`),
    ...timings,
  };
  const done = elector.run(cfg, ctl.signal);
  return { elector, ctl, log, done, leaderSignal: () => leaderSignal };
}

/** Moves the clock in small steps, checking an invariant after each. */
async function step(clock: FakeClock, ms: number, check?: () => void): Promise<void> {
  for (let t = 0; t < ms; t += 50) {
    await clock.advance(50);
    check?.();
  }
}

async function lease(fake: FakeClient): Promise<Lease> {
  return fake.tracked<Lease>(R.leases, 'kube-system', 'kube-scheduler')!;
}

describe('LeaderElector', () => {
  it('creates the Lease and leads; a second candidate waits and observes the leader', async () => {
    const clock = new FakeClock();
    const fake = new FakeClient([], { clock });
    const a = candidate(fake, clock, 'a');
    await step(clock, 100);
    expect(a.elector.isLeader()).toBe(true);
    const b = candidate(fake, clock, 'b');
    await step(clock, 10_000, () => expect(b.elector.isLeader()).toBe(false));
    expect(a.elector.isLeader()).toBe(true);
    expect(b.elector.getLeader()).toBe('a');
    expect(b.log).toEqual(['leader a']);
    const l = await lease(fake);
    expect(l.spec).toMatchObject({ holderIdentity: 'a', leaseDurationSeconds: 4, leaseTransitions: 0 });
    expect(Date.parse(l.spec.renewTime!)).toBeGreaterThan(clock.now() - 1100);
    a.ctl.abort();
    b.ctl.abort();
    await step(clock, 2000);
    await Promise.all([a.done, b.done]);
  });

  it('hands over after the holder stops renewing, never with two leaders at once', async () => {
    const clock = new FakeClock();
    const fake = new FakeClient([], { clock });
    const aClient = partitionable(fake);
    const a = candidate(aClient, clock, 'a');
    await step(clock, 100);
    const b = candidate(fake, clock, 'b');
    await step(clock, 3000);
    expect(a.elector.isLeader()).toBe(true);

    aClient.down = true;
    const cut = clock.now();
    let aStoppedAt = 0;
    let bStartedAt = 0;
    await step(clock, 8000, () => {
      expect(a.elector.isLeader() && b.elector.isLeader()).toBe(false);
      if (!aStoppedAt && !a.elector.isLeader()) aStoppedAt = clock.now();
      if (!bStartedAt && b.elector.isLeader()) bStartedAt = clock.now();
    });
    expect(a.log).toEqual(['leader a', 'started', 'stopped']);
    expect(a.leaderSignal()?.aborted).toBe(true);
    await a.done; // run resolves once leadership is lost
    expect(aStoppedAt - cut).toBeLessThanOrEqual(3000);
    expect(bStartedAt).toBeGreaterThan(aStoppedAt);
    // B waited a full lease duration after the last renewal it observed.
    expect(bStartedAt - cut).toBeGreaterThanOrEqual(3000);
    expect(b.log).toEqual(['leader a', 'leader b', 'started']);
    const l = await lease(fake);
    expect(l.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    b.ctl.abort();
    await step(clock, 2000);
    await b.done;
  });

  it('keeps the Lease when one request hangs: the attempt is abandoned and the next one renews', async () => {
    const clock = new FakeClock();
    const fake = new FakeClient([], { clock });
    const aClient = partitionable(fake);
    const a = candidate(aClient, clock, 'a');
    await step(clock, 1500);
    expect(a.elector.isLeader()).toBe(true);
    // Before, the hung renewal was awaited for the whole renew deadline (3 s) and cost the Lease.
    aClient.hung = true;
    await step(clock, 1200);
    aClient.hung = false;
    await step(clock, 6000, () => expect(a.elector.isLeader()).toBe(true));
    expect(a.log).toEqual(['leader a', 'started']);
    a.ctl.abort();
    await step(clock, 2000);
    await a.done;
  });

  it("keeps the Lease through a 5 s outage (an apiserver or Redis restart) with the fast profile's timings", async () => {
    const clock = new FakeClock();
    const fake = new FakeClient([], { clock });
    const aClient = partitionable(fake);
    const a = candidate(aClient, clock, 'a', timingsFor('fast').leaderElection);
    const b = candidate(fake, clock, 'b', timingsFor('fast').leaderElection);
    await step(clock, 1500);
    expect(a.elector.isLeader()).toBe(true);
    aClient.down = true;
    await step(clock, 5000);
    aClient.down = false;
    await step(clock, 15_000, () => expect(a.elector.isLeader() && !b.elector.isLeader()).toBe(true));
    expect(a.log).toEqual(['leader a', 'started']);
    a.ctl.abort();
    b.ctl.abort();
    await step(clock, 2000);
    await Promise.all([a.done, b.done]);
  });

  it('releases the Lease on graceful stop so a standby takes over at once', async () => {
    const clock = new FakeClock();
    const fake = new FakeClient([], { clock });
    const a = candidate(fake, clock, 'a');
    await step(clock, 100);
    const b = candidate(fake, clock, 'b');
    await step(clock, 1500);
    a.ctl.abort();
    await step(clock, 100);
    await a.done;
    expect(a.log).toEqual(['leader a', 'started', 'stopped']);
    expect((await lease(fake)).spec.holderIdentity).toBe('');
    await step(clock, 1100);
    expect(b.elector.isLeader()).toBe(true);
    expect((await lease(fake)).spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    b.ctl.abort();
    await step(clock, 2000);
    await b.done;
  });

  it('takes over an expired Lease left by a dead holder', async () => {
    const clock = new FakeClock();
    const fake = new FakeClient(
      [
        {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: 'kube-scheduler', namespace: 'kube-system' },
          spec: { holderIdentity: 'ghost', leaseDurationSeconds: 4, renewTime: '2020-01-01T00:00:00.000000Z', leaseTransitions: 3 },
        } as Lease,
      ],
      { clock },
    );
    const b = candidate(fake, clock, 'b');
    // Expiry is judged on the local clock from when the record was first observed, never by
    // comparing renewTime with our clock.
    await step(clock, 3500);
    expect(b.elector.isLeader()).toBe(false);
    await step(clock, 1600);
    expect(b.elector.isLeader()).toBe(true);
    expect((await lease(fake)).spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 4 });
    b.ctl.abort();
    await step(clock, 2000);
    await b.done;
  });

  it('never calls onStartedLeading when stopped before acquiring', async () => {
    const clock = new FakeClock();
    const fake = new FakeClient([], { clock });
    const a = candidate(fake, clock, 'a');
    await step(clock, 100);
    const b = candidate(fake, clock, 'b');
    await step(clock, 500);
    b.ctl.abort();
    await step(clock, 100);
    await b.done;
    expect(b.log).toEqual(['leader a']);
    a.ctl.abort();
    await step(clock, 100);
    await a.done;
  });
});
