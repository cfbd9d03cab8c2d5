import { afterEach, describe, expect, it, vi } from 'vitest';
import { R, rfc3339, type Node, type Pod, type Taint, type Toleration } from '@kemu/api';
import { NodeLifecycleController } from './controller.js';
import { lease, node, pod } from './fixtures.js';
import { evictionDeadline } from './taint-manager.js';
import { runInBackground } from '../testing/run-in-background.js';
import { testContext } from '../testing/test-context.js';

const START = 1_700_000_000_000;
const unreachable = (at: number): Taint => ({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: rfc3339(at) });
const tolerate = (key: string, seconds?: number): Toleration => ({
  key,
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: seconds,
});

describe('evictionDeadline', () => {
  const seen = () => 1000;
  it.each<{ name: string; taints: Taint[]; tolerations: Toleration[]; want: number | 'now' | undefined }>([
    { name: 'no NoExecute taint: never', taints: [{ key: 'a', effect: 'NoSchedule' }], tolerations: [], want: undefined },
    { name: 'untolerated: now', taints: [{ key: 'a', effect: 'NoExecute' }], tolerations: [], want: 'now' },
    { name: 'tolerated forever: never', taints: [{ key: 'a', effect: 'NoExecute' }], tolerations: [tolerate('a')], want: undefined },
    {
      name: 'tolerationSeconds from when the taint was added',
      taints: [{ key: 'a', effect: 'NoExecute' }],
      tolerations: [tolerate('a', 5)],
      want: 6000,
    },
    {
      name: 'the shortest taint deadline wins',
      taints: [
        { key: 'a', effect: 'NoExecute' },
        { key: 'b', effect: 'NoExecute' },
      ],
      tolerations: [tolerate('a', 5), tolerate('b', 2)],
      want: 3000,
    },
    {
      name: 'one untolerated taint among tolerated ones: now',
      taints: [
        { key: 'a', effect: 'NoExecute' },
        { key: 'b', effect: 'NoExecute' },
      ],
      tolerations: [tolerate('a', 5)],
      want: 'now',
    },
  ])('$name', ({ taints, tolerations, want }) => {
    expect(evictionDeadline(taints, tolerations, seen)).toBe(want);
  });
});

describe('NoExecuteTaintManager', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  async function start(objects: Parameters<typeof testContext>[0]) {
    const t = testContext(objects);
    const c = new NodeLifecycleController(t.ctx);
    stop = await runInBackground(t.informers, c);
    const exists = (n: string) => t.client.tracked<Pod>(R.pods, 'default', n) !== undefined;
    return { ...t, c, exists };
  }

  it('deletes untolerating pods at once and tolerating ones when tolerationSeconds run out', async () => {
    // The node went unreachable (Ready=Unknown) and was tainted at START.
    const t = await start([
      node('node-1', 'Unknown', START, [unreachable(START), { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }]),
      lease('node-1', START),
      pod('intolerant', 'node-1'),
      pod('short', 'node-1', [tolerate('node.kubernetes.io/unreachable', 3)]),
      pod('forever', 'node-1', [tolerate('node.kubernetes.io/unreachable')]),
      pod('elsewhere', 'node-2'),
    ]);
    await vi.waitFor(() => expect(t.exists('intolerant')).toBe(false));
    await vi.waitFor(() => expect(t.c.taintManager.scheduledEviction('default/short')).toBe(START + 3000));
    await t.clock.advance(2_900);
    expect(t.exists('short')).toBe(true);
    await t.clock.advance(100);
    await vi.waitFor(() => expect(t.exists('short')).toBe(false));
    expect(t.exists('forever')).toBe(true);
    expect(t.exists('elsewhere')).toBe(true);

    const deletes = t.client.actions.filter((a) => a.verb === 'delete' && a.resource === 'pods');
    expect(deletes.map((d) => d.name)).toEqual(['intolerant', 'short']);
    expect(deletes[0].options).toMatchObject({ gracePeriodSeconds: 0 });
    expect(t.events).toContainEqual({
      component: 'taint-eviction-controller',
      object: 'default/short',
      type: 'Normal',
      reason: 'TaintManagerEviction',
      message: 'Marking for deletion Pod default/short',
    });
  });

  it('cancels a pending eviction when the taint goes away', async () => {
    const t = await start([
      node('node-1', 'False', START, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: rfc3339(START) }]),
      lease('node-1', START),
      pod('web', 'node-1', [tolerate('node.kubernetes.io/not-ready', 5), tolerate('node.kubernetes.io/unreachable')]),
    ]);
    await vi.waitFor(() => expect(t.c.taintManager.scheduledEviction('default/web')).toBe(START + 5000));
    const n = t.client.tracked<Node>(R.nodes, undefined, 'node-1')!;
    n.status!.conditions = node('node-1', 'True', START + 1000).status!.conditions;
    await t.client.updateStatus(R.nodes, n);
    await vi.waitFor(() => expect(t.c.taintManager.scheduledEviction('default/web')).toBeUndefined());
    // Past the old deadline (the node also turns unreachable meanwhile, which this pod tolerates).
    await t.clock.advance(6_000);
    expect(t.exists('web')).toBe(true);
    expect(t.events.map((e) => e.message)).toContain('Cancelling deletion of Pod default/web');
  });

  it('deletes pods gracefully from a node that is only not-ready', async () => {
    const t = await start([
      node('node-1', 'False', START, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: rfc3339(START) }]),
      lease('node-1', START),
      pod('web', 'node-1'),
    ]);
    await vi.waitFor(() => expect(t.client.actions.some((a) => a.verb === 'delete')).toBe(true));
    const del = t.client.actions.find((a) => a.verb === 'delete')!;
    expect((del.options as { gracePeriodSeconds?: number }).gracePeriodSeconds).toBeUndefined();
  });
});
