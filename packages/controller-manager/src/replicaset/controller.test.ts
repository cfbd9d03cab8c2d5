import { R, type Pod, type ReplicaSet, type ReplicationController } from '@kemu/api';
import { afterEach, describe, expect, it } from 'vitest';
import { ReplicationManager } from '../replication-controller/controller.js';
import { Fixture } from '../testing/fixture.js';
import { pod, replicaSet, replicationController } from '../testing/objects.js';
import { BURST_REPLICAS, ReplicaSetController } from './controller.js';

const labels = { app: 'web' };
let f: Fixture;
afterEach(() => f?.stop());

async function setup(objects: Parameters<(typeof Fixture)['prototype']['client']['add']>[0][]) {
  f = new Fixture(objects);
  const c = new ReplicaSetController(f.ctx);
  await f.start();
  return c;
}

const pods = () => f.client.trackedList<Pod>(R.pods);

describe('ReplicaSetController', () => {
  it('creates missing pods', async () => {
    const rs = replicaSet('web', 3, labels);
    const c = await setup([rs]);
    await c.sync('default/web');

    const created = pods();
    expect(created).toHaveLength(3);
    for (const p of created) {
      expect(p.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
      expect(p.metadata.labels).toEqual(labels);
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true },
      ]);
      expect(p.spec.containers[0].image).toBe('nginx:1.0');
    }
    expect(f.events.filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(3);
    expect(f.events[0]).toMatchObject({ component: 'replicaset-controller', object: 'ReplicaSet/web', type: 'Normal' });
    expect(f.events[0].message).toMatch(/^Created pod: web-/);
    // Status counts what the cache holds; the next sync sees the new pods.
    expect(f.client.tracked<ReplicaSet>(R.replicasets, 'default', 'web')!.status!.replicas).toBe(0);
    await f.settle();
    await c.sync('default/web');
    const status = f.client.tracked<ReplicaSet>(R.replicasets, 'default', 'web')!.status!;
    expect(status).toMatchObject({ replicas: 3, readyReplicas: 0, availableReplicas: 0, fullyLabeledReplicas: 3, observedGeneration: 1 });
  });

  it('does not create twice before its informer sees its own creates', async () => {
    const rs = replicaSet('web', 2, labels);
    const c = await setup([rs]);
    await c.sync('default/web');
    // The cache may still miss the two pods; expectations hold the next sync back.
    await c.sync('default/web');
    expect(pods()).toHaveLength(2);
    await f.settle();
    await c.sync('default/web');
    expect(pods()).toHaveLength(2);
  });

  it('creates at most burstReplicas (500) pods per sync, however large replicas is', async () => {
    const rs = replicaSet('huge', 1_000_000_000, labels);
    const c = await setup([rs]);
    await c.sync('default/huge');
    expect(pods()).toHaveLength(BURST_REPLICAS);
    expect(BURST_REPLICAS).toBe(500);
    // Until its informer has seen those 500, a sync creates nothing more.
    await c.sync('default/huge');
    expect(pods()).toHaveLength(BURST_REPLICAS);
    await f.settle();
    await c.sync('default/huge');
    expect(pods()).toHaveLength(2 * BURST_REPLICAS);
  });

  it('deletes surplus pods, not-ready first', async () => {
    const rs = replicaSet('web', 2, labels);
    const owned = (name: string, o: Parameters<typeof pod>[1]) => pod(name, { labels, owner: rs, ...o });
    const c = await setup([
      rs,
      owned('ready-old', { ready: true, creationTimestamp: '2024-12-01T00:00:00Z' }),
      owned('ready-new', { ready: true, creationTimestamp: '2024-12-02T00:00:00Z' }),
      owned('not-ready', { phase: 'Running', ready: false }),
      owned('pending', { phase: 'Pending', nodeName: 'node-1' }),
    ]);
    await c.sync('default/web');
    const deletes = f.client
      .writes()
      .filter((a) => a.verb === 'delete')
      .map((a) => a.name)
      .sort();
    expect(deletes).toEqual(['not-ready', 'pending']);
    expect(
      f.events
        .filter((e) => e.reason === 'SuccessfulDelete')
        .map((e) => e.message)
        .sort(),
    ).toEqual(['Deleted pod: not-ready', 'Deleted pod: pending']);
  });

  it('deletes unscheduled before scheduled and newer before older among ready pods', async () => {
    const rs = replicaSet('web', 1, labels);
    const owned = (name: string, o: Parameters<typeof pod>[1]) => pod(name, { labels, owner: rs, ...o });
    const c = await setup([
      rs,
      owned('old', { ready: true, creationTimestamp: '2024-12-01T00:00:00Z', readySince: '2024-12-01T00:00:00Z' }),
      owned('new', { ready: true, creationTimestamp: '2024-12-02T00:00:00Z', readySince: '2024-12-01T00:00:00Z' }),
      owned('unscheduled', { phase: 'Pending' }),
    ]);
    await c.sync('default/web');
    expect(
      f.client
        .writes()
        .filter((a) => a.verb === 'delete')
        .map((a) => a.name)
        .sort(),
    ).toEqual(['new', 'unscheduled']);
  });

  it('adopts orphans that match and ignores pods it does not own', async () => {
    const rs = replicaSet('web', 2, labels);
    const other = replicaSet('other', 1, labels);
    const c = await setup([
      rs,
      other,
      pod('orphan', { labels, ready: true }),
      pod('owned-by-other', { labels, owner: other, ready: true }),
      pod('unrelated', { labels: { app: 'db' }, ready: true }),
    ]);
    await c.sync('default/web');
    const patches = f.client.writes().filter((a) => a.verb === 'patch');
    expect(patches.map((a) => a.name)).toEqual(['orphan']);
    expect(f.client.tracked<Pod>(R.pods, 'default', 'orphan')!.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true },
    ]);
    // One adopted + one created; the other owner's pod and the unrelated pod are untouched.
    expect(f.client.writes().filter((a) => a.verb === 'create' && a.resource === 'pods')).toHaveLength(1);
    expect(f.client.tracked<Pod>(R.pods, 'default', 'owned-by-other')!.metadata.ownerReferences![0].name).toBe('other');
  });

  it('releases pods that no longer match its selector', async () => {
    const rs = replicaSet('web', 1, labels);
    const c = await setup([rs, pod('relabelled', { labels: { app: 'debug' }, owner: rs, ready: true })]);
    await c.sync('default/web');
    expect(f.client.tracked<Pod>(R.pods, 'default', 'relabelled')!.metadata.ownerReferences).toBeUndefined();
    expect(pods().filter((p) => p.metadata.labels?.app === 'web')).toHaveLength(1);
  });

  it('ignores terminating and finished pods when counting', async () => {
    const rs = replicaSet('web', 2, labels);
    const c = await setup([
      rs,
      pod('a', { labels, owner: rs, ready: true }),
      pod('terminating', { labels, owner: rs, ready: true, deletionTimestamp: '2025-01-01T00:00:00Z' }),
      pod('done', { labels, owner: rs, phase: 'Succeeded' }),
    ]);
    await c.sync('default/web');
    expect(f.client.writes().filter((a) => a.verb === 'create')).toHaveLength(1);
    await f.settle();
    await c.sync('default/web');
    expect(f.client.tracked<ReplicaSet>(R.replicasets, 'default', 'web')!.status).toMatchObject({
      replicas: 2,
      readyReplicas: 1,
      availableReplicas: 1,
    });
  });

  it('counts available replicas only after minReadySeconds', async () => {
    const rs = replicaSet('web', 2, labels, { minReadySeconds: 10 });
    const now = '2025-01-01T00:00:00Z';
    const c = await setup([
      rs,
      pod('a', { labels, owner: rs, ready: true, readySince: '2024-12-31T23:59:00Z' }),
      pod('b', { labels, owner: rs, ready: true, readySince: now }),
    ]);
    await c.sync('default/web');
    expect(f.client.tracked<ReplicaSet>(R.replicasets, 'default', 'web')!.status).toMatchObject({ readyReplicas: 2, availableReplicas: 1 });
    await f.settle();
    await f.clock.advance(11_000);
    await c.sync('default/web');
    expect(f.client.tracked<ReplicaSet>(R.replicasets, 'default', 'web')!.status).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
  });

  it('does nothing for a ReplicaSet that is gone', async () => {
    const c = await setup([]);
    await c.sync('default/missing');
    expect(f.client.writes()).toEqual([]);
  });

  it('does not write status when nothing changed', async () => {
    const rs = replicaSet('web', 1, labels);
    const c = await setup([rs, pod('a', { labels, owner: rs, ready: true })]);
    await c.sync('default/web');
    await f.settle();
    f.client.clearActions();
    await c.sync('default/web');
    expect(f.client.writes()).toEqual([]);
  });
});

describe('ReplicationManager', () => {
  it('keeps replicas of a ReplicationController with a map selector on the same engine', async () => {
    const rc = replicationController('legacy', 2, { app: 'legacy' });
    f = new Fixture([rc, pod('orphan', { labels: { app: 'legacy' }, ready: true })]);
    const c = new ReplicationManager(f.ctx);
    await f.start();
    await c.sync('default/legacy');
    const ps = pods();
    expect(ps).toHaveLength(2);
    for (const p of ps) {
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: 'v1', kind: 'ReplicationController', name: 'legacy', uid: 'uid-legacy', controller: true, blockOwnerDeletion: true },
      ]);
    }
    expect(f.events.every((e) => e.component === 'replication-controller')).toBe(true);
    await f.settle();
    await c.sync('default/legacy');
    expect(f.client.tracked<ReplicationController>(R.replicationcontrollers, 'default', 'legacy')!.status).toMatchObject({
      replicas: 2,
      readyReplicas: 1,
    });
  });
});
