import { afterEach, describe, expect, it, vi } from 'vitest';
import { R, getCondition, type Node, type Pod } from '@kemu/api';
import { makeNode, makePod } from './testing/fixtures.js';
import { startScheduler } from './testing/harness.js';

type Harness = Awaited<ReturnType<typeof startScheduler>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const nodeOf = (name: string) => h!.client.tracked<Pod>(R.pods, 'default', name)?.spec.nodeName;

describe('Scheduler', () => {
  it('binds a pending pod to the only feasible node and records Scheduled', async () => {
    h = await startScheduler([
      makeNode('node-1', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }),
      makeNode('node-2'),
      makeNode('node-3', { cpu: '100m' }),
      makePod('web', { cpu: '500m' }),
    ]);
    await vi.waitFor(() => expect(nodeOf('web')).toBe('node-2'));
    const binding = h.client.actions.find((a) => a.subresource === 'binding');
    expect(binding).toMatchObject({ verb: 'create', resource: 'pods', namespace: 'default', name: 'web' });
    expect(binding!.object).toMatchObject({ kind: 'Binding', target: { kind: 'Node', name: 'node-2' } });
    await vi.waitFor(() =>
      expect(h!.events).toContainEqual({
        object: 'default/web',
        type: 'Normal',
        reason: 'Scheduled',
        message: 'Successfully assigned default/web to node-2',
      }),
    );
  });

  it('spreads 4 replicas of one ReplicaSet over 3 nodes', async () => {
    const pods = [1, 2, 3, 4].map((i) => makePod(`web-${i}`, { owner: 'web-rs', labels: { app: 'web' } }));
    h = await startScheduler([makeNode('node-1'), makeNode('node-2'), makeNode('node-3'), ...pods], Math.random);
    await vi.waitFor(() => expect(pods.every((p) => nodeOf(p.metadata.name!))).toBe(true));
    const counts = new Map<string, number>();
    for (const p of pods) counts.set(nodeOf(p.metadata.name!)!, (counts.get(nodeOf(p.metadata.name!)!) ?? 0) + 1);
    expect([...counts.values()].sort()).toEqual([1, 1, 2]);
  });

  it('spreads a ReplicaSet evenly when it samples nodes (200 nodes: 100 per cycle)', async () => {
    const nodes = Array.from({ length: 200 }, (_, i) => makeNode(`node-${i}`));
    const pods = Array.from({ length: 400 }, (_, i) => makePod(`web-${i}`, { owner: 'web-rs', labels: { app: 'web' } }));
    h = await startScheduler([...nodes, ...pods], Math.random);
    await vi.waitFor(() => expect(pods.every((p) => nodeOf(p.metadata.name!))).toBe(true), { timeout: 20_000 });
    const counts = new Map<string, number>();
    for (const p of pods) counts.set(nodeOf(p.metadata.name!)!, (counts.get(nodeOf(p.metadata.name!)!) ?? 0) + 1);
    expect(counts.size).toBe(200);
    expect(new Set(counts.values())).toEqual(new Set([2]));
  });

  it('counts assumed pods so back-to-back pods do not overcommit a node', async () => {
    const pods = [1, 2, 3].map((i) => makePod(`big-${i}`, { cpu: '1500m' }));
    h = await startScheduler([makeNode('node-1', { cpu: '2' }), makeNode('node-2', { cpu: '2' }), ...pods]);
    await vi.waitFor(() => expect(pods.filter((p) => nodeOf(p.metadata.name!)).length).toBe(2));
    await vi.waitFor(() => expect(h!.events.some((e) => e.reason === 'FailedScheduling')).toBe(true));
    expect(new Set(pods.map((p) => nodeOf(p.metadata.name!)).filter(Boolean)).size).toBe(2);
    expect(h.events.find((e) => e.reason === 'FailedScheduling')!.message).toBe('0/2 nodes are available: 2 Insufficient cpu.');
  });

  it('reports why no node fits, and retries when a node becomes ready', async () => {
    h = await startScheduler([
      makeNode('node-1', { ready: 'False' }),
      makeNode('node-2', { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }], ready: 'Unknown' }),
      makeNode('node-3', { cpu: '100m' }),
      makePod('web', { cpu: '500m' }),
    ]);
    const message =
      '0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 1 node(s) were not ready.';
    await vi.waitFor(() =>
      expect(h!.events).toContainEqual({ object: 'default/web', type: 'Warning', reason: 'FailedScheduling', message }),
    );
    await vi.waitFor(() => {
      const cond = getCondition(h!.client.tracked<Pod>(R.pods, 'default', 'web')!.status?.conditions, 'PodScheduled');
      expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable', message });
    });
    expect(h.scheduler.queue.stats().unschedulable).toBe(1);

    const node = h.client.tracked<Node>(R.nodes, undefined, 'node-1')!;
    node.status!.conditions = [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }];
    await h.client.updateStatus(R.nodes, node);
    await vi.waitFor(() => expect(h!.scheduler.queue.stats().unschedulable).toBe(0));
    await h.clock.advance(1_000); // the pod's backoff after one failed attempt
    await vi.waitFor(() => expect(nodeOf('web')).toBe('node-1'));
  });

  it('leaves alone pods for another scheduler, pods being deleted and bound pods', async () => {
    h = await startScheduler([
      makeNode('node-1'),
      makePod('other', { spec: { schedulerName: 'my-scheduler' } }),
      makePod('bound', { nodeName: 'node-1' }),
      makePod('mine'),
    ]);
    await vi.waitFor(() => expect(nodeOf('mine')).toBe('node-1'));
    expect(nodeOf('other')).toBeUndefined();
    expect(h.client.actions.filter((a) => a.subresource === 'binding').map((a) => a.name)).toEqual(['mine']);
  });

  it('requeues a pod whose binding fails, with an event', async () => {
    h = await startScheduler([makeNode('node-1')]);
    let failures = 1;
    h.client.prependReactor('create', 'pods', (a) => {
      if (a.subresource === 'binding' && failures-- > 0) return { handled: true, error: new Error('connection reset') };
      return undefined;
    });
    await h.client.create(R.pods, 'default', makePod('web'));
    await vi.waitFor(() => expect(h!.events.map((e) => e.reason)).toContain('FailedScheduling'));
    expect(h.events.find((e) => e.reason === 'FailedScheduling')!.message).toBe('Binding rejected: connection reset');
    await vi.waitFor(() => expect(h!.scheduler.queue.stats().backoff).toBe(1));
    await h.clock.advance(1_000);
    await vi.waitFor(() => expect(nodeOf('web')).toBe('node-1'));
  });

  it('retries an unschedulable pod when a pod on a full node is deleted', async () => {
    h = await startScheduler([
      makeNode('node-1', { cpu: '1' }),
      makePod('old', { cpu: '800m', nodeName: 'node-1' }),
      makePod('new', { cpu: '500m' }),
    ]);
    await vi.waitFor(() => expect(h!.scheduler.queue.stats().unschedulable).toBe(1));
    await h.client.delete(R.pods, 'default', 'old', { gracePeriodSeconds: 0 });
    await vi.waitFor(() => expect(h!.scheduler.queue.stats().unschedulable).toBe(0));
    await h.clock.advance(1_000);
    await vi.waitFor(() => expect(nodeOf('new')).toBe('node-1'));
  });
});
