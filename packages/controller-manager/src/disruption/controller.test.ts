import { R } from '@kemu/api';
import { afterEach, describe, expect, it } from 'vitest';
import { Fixture } from '../testing/fixture.js';
import { pod, replicaSet } from '../testing/objects.js';
import { desiredHealthy, scaledValue } from './budget.js';
import { DisruptionController, type PodDisruptionBudget } from './controller.js';

function pdb(name: string, spec: PodDisruptionBudget['spec'], status?: PodDisruptionBudget['status']): PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: 'default', generation: 1, uid: `uid-${name}` },
    spec,
    ...(status ? { status } : {}),
  };
}

describe('budget arithmetic', () => {
  it('scales ints and rounds percentages up', () => {
    expect(scaledValue(2, 10)).toBe(2);
    expect(scaledValue('25%', 5)).toBe(2);
    expect(() => scaledValue('x%', 3)).toThrow();
  });

  it('derives desired and expected like the disruption controller', () => {
    expect(desiredHealthy({ minAvailable: 2 }, 3, undefined)).toEqual({ desired: 2, expected: 3 });
    expect(desiredHealthy({ minAvailable: '50%' }, 3, 4)).toEqual({ desired: 2, expected: 4 });
    expect(desiredHealthy({ maxUnavailable: 1 }, 3, 4)).toEqual({ desired: 3, expected: 4 });
    expect(desiredHealthy({ maxUnavailable: '100%' }, 3, undefined)).toEqual({ desired: 0, expected: 3 });
  });
});

describe('DisruptionController', () => {
  let f: Fixture;
  afterEach(() => f?.stop());

  async function run(objects: any[], key: string): Promise<PodDisruptionBudget> {
    f = new Fixture(objects);
    const c = new DisruptionController(f.ctx);
    await f.start();
    await c.sync(key);
    return f.client.trackedList(R.poddisruptionbudgets).find((p) => p.metadata.name === key.split('/')[1]) as PodDisruptionBudget;
  }

  it('allows the disruptions above minAvailable among ready pods', async () => {
    const pods = [
      pod('a', { labels: { app: 'w' }, ready: true }),
      pod('b', { labels: { app: 'w' }, ready: true }),
      pod('c', { labels: { app: 'w' }, ready: false }),
      pod('other', { labels: { app: 'x' }, ready: true }),
    ];
    const got = await run([...pods, pdb('p', { minAvailable: 1, selector: { matchLabels: { app: 'w' } } })], 'default/p');
    expect(got.status).toMatchObject({
      observedGeneration: 1,
      currentHealthy: 2,
      desiredHealthy: 1,
      expectedPods: 3,
      disruptionsAllowed: 1,
    });
    expect(got.status!.conditions![0]).toMatchObject({ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods' });
  });

  it("counts maxUnavailable against the scale of the pods' controller", async () => {
    const rs = replicaSet('rs', 4, { app: 'w' });
    rs.metadata.uid = 'rs-uid';
    const pods = ['a', 'b', 'c'].map((n) =>
      pod(n, { labels: { app: 'w' }, ready: true, owner: { ...rs, apiVersion: 'apps/v1', kind: 'ReplicaSet' } }),
    );
    const got = await run([rs, ...pods, pdb('p', { maxUnavailable: 1, selector: { matchLabels: { app: 'w' } } })], 'default/p');
    expect(got.status).toMatchObject({ expectedPods: 4, desiredHealthy: 3, currentHealthy: 3, disruptionsAllowed: 0 });
    expect(got.status!.conditions![0]).toMatchObject({ status: 'False', reason: 'InsufficientPods' });
  });

  it("allows no disruption while a pod's controller is not known, and leaves observedGeneration behind", async () => {
    const rs = replicaSet('rs', 3, { app: 'w' });
    rs.metadata.uid = 'rs-uid';
    const pods = ['a', 'b', 'c'].map((n) =>
      pod(n, { labels: { app: 'w' }, ready: true, owner: { ...rs, apiVersion: 'apps/v1', kind: 'ReplicaSet' } }),
    );
    const got = await run(
      [
        ...pods,
        pdb(
          'p',
          { maxUnavailable: 1, selector: { matchLabels: { app: 'w' } } },
          { observedGeneration: 0, disruptionsAllowed: 2, currentHealthy: 3, desiredHealthy: 1, expectedPods: 3 },
        ),
      ],
      'default/p',
    );
    expect(got.status).toMatchObject({ observedGeneration: 0, disruptionsAllowed: 0 });
    expect(got.status!.conditions).toEqual([
      expect.objectContaining({
        type: 'DisruptionAllowed',
        status: 'False',
        reason: 'SyncFailed',
        message: 'found no controllers for pod "a"',
      }),
    ]);
  });

  it('counts an integer minAvailable against the pods alone, whatever their controllers', async () => {
    const rs = replicaSet('rs', 3, { app: 'w' });
    rs.metadata.uid = 'rs-uid';
    const pods = ['a', 'b'].map((n) =>
      pod(n, { labels: { app: 'w' }, ready: true, owner: { ...rs, apiVersion: 'apps/v1', kind: 'ReplicaSet' } }),
    );
    const got = await run([...pods, pdb('p', { minAvailable: 2, selector: { matchLabels: { app: 'w' } } })], 'default/p');
    expect(got.status).toMatchObject({
      observedGeneration: 1,
      expectedPods: 2,
      desiredHealthy: 2,
      currentHealthy: 2,
      disruptionsAllowed: 0,
    });
  });

  it('keeps recently evicted pods out of currentHealthy until they terminate or the entry expires', async () => {
    const pods = [pod('a', { labels: { app: 'w' }, ready: true }), pod('b', { labels: { app: 'w' }, ready: true })];
    const recent = '2025-01-01T00:00:00Z';
    const got = await run(
      [
        ...pods,
        pdb(
          'p',
          { minAvailable: 1, selector: { matchLabels: { app: 'w' } } },
          { disruptedPods: { a: recent, gone: recent }, disruptionsAllowed: 0 },
        ),
      ],
      'default/p',
    );
    expect(got.status).toMatchObject({ currentHealthy: 1, disruptionsAllowed: 0, disruptedPods: { a: recent } });
  });
});
