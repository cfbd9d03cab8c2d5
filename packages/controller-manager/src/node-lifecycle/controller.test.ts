import { afterEach, describe, expect, it, vi } from 'vitest';
import { R, getCondition, type Lease, type Node, type Pod } from '@kemu/api';
import { NodeLifecycleController } from './controller.js';
import { defaultTolerations, lease, node, pod } from './fixtures.js';
import { runInBackground } from '../testing/run-in-background.js';
import { testContext } from '../testing/test-context.js';

const START = 1_700_000_000_000;
let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function start(objects: Parameters<typeof testContext>[0]) {
  const t = testContext(objects);
  const c = new NodeLifecycleController(t.ctx);
  stop = await runInBackground(t.informers, c);
  const getNode = (n: string) => t.client.tracked<Node>(R.nodes, undefined, n)!;
  const getPod = (n: string) => t.client.tracked<Pod>(R.pods, 'default', n);
  /** Advances the fake clock one monitor period at a time, letting each pass finish. */
  const advance = async (ms: number) => {
    for (let left = ms; left > 0; left -= 500) {
      await t.clock.advance(Math.min(500, left));
      await vi.waitFor(() => expect(t.client.actions.length).toBeGreaterThan(0));
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { ...t, c, getNode, getPod, advance };
}

describe('NodeLifecycleController', () => {
  it('marks a node whose lease went stale Unknown, taints it unreachable and its pods not ready', async () => {
    const t = await start([node('node-1', 'True', START), lease('node-1', START), pod('web', 'node-1', defaultTolerations(300))]);
    await t.advance(4_500);
    expect(getCondition(t.getNode('node-1').status?.conditions, 'Ready')?.status).toBe('True');

    await t.advance(1_500);
    await vi.waitFor(() => {
      const n = t.getNode('node-1');
      expect(getCondition(n.status?.conditions, 'Ready')).toMatchObject({
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
      });
      expect(getCondition(n.status?.conditions, 'MemoryPressure')?.status).toBe('Unknown');
      expect(n.spec.taints?.map((x) => `${x.key}:${x.effect}`).sort()).toEqual([
        'node.kubernetes.io/unreachable:NoExecute',
        'node.kubernetes.io/unreachable:NoSchedule',
      ]);
      expect(n.spec.taints?.find((x) => x.effect === 'NoExecute')?.timeAdded).toBeDefined();
      expect(getCondition(t.getPod('web')!.status?.conditions, 'Ready')?.status).toBe('False');
    });
    // The lastHeartbeatTime stays what the kubelet last posted.
    expect(getCondition(t.getNode('node-1').status?.conditions, 'Ready')?.lastHeartbeatTime).toBe(
      node('node-1', 'True', START).status!.conditions![1].lastHeartbeatTime,
    );
    expect(t.events).toContainEqual(expect.objectContaining({ reason: 'NodeNotReady', object: '/node-1' }));
  });

  it('keeps a node whose lease is renewed healthy', async () => {
    const t = await start([node('node-1', 'True', START), lease('node-1', START)]);
    for (let i = 1; i <= 8; i++) {
      await t.advance(1_000);
      const l = t.client.tracked<Lease>(R.leases, 'kube-node-lease', 'node-1')!;
      await t.client.update(R.leases, { ...l, spec: { ...l.spec, renewTime: new Date(START + i * 1000).toISOString() } });
    }
    await t.advance(1_000);
    const n = t.getNode('node-1');
    expect(getCondition(n.status?.conditions, 'Ready')?.status).toBe('True');
    expect(n.spec.taints ?? []).toEqual([]);
  });

  it('taints a Ready=False node not-ready and a cordoned node unschedulable', async () => {
    const cordoned = node('node-2', 'True', START);
    cordoned.spec.unschedulable = true;
    const t = await start([node('node-1', 'False', START), lease('node-1', START), cordoned, lease('node-2', START)]);
    await vi.waitFor(() => {
      expect(
        t
          .getNode('node-1')
          .spec.taints?.map((x) => `${x.key}:${x.effect}`)
          .sort(),
      ).toEqual(['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/not-ready:NoSchedule']);
      expect(t.getNode('node-2').spec.taints).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
    });
  });

  it('removes its taints when the node is Ready again, keeping foreign taints', async () => {
    const unreachable = node('node-1', 'Unknown', START, [
      { key: 'dedicated', value: 'db', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2023-11-14T22:13:20Z' },
    ]);
    const t = await start([unreachable, lease('node-1', START)]);
    const n = t.getNode('node-1');
    n.status!.conditions = node('node-1', 'True', START + 1000).status!.conditions;
    await t.client.updateStatus(R.nodes, n);
    await vi.waitFor(() => expect(t.getNode('node-1').spec.taints).toEqual([{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]));
    expect(t.events).toContainEqual(expect.objectContaining({ reason: 'NodeReady', message: 'Node node-1 status is now: NodeReady' }));
  });
});
