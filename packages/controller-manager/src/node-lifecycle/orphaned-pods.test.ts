import { afterEach, describe, expect, it, vi } from 'vitest';
import { R, type Pod } from '@kemu/api';
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

describe('OrphanedPodCollector', () => {
  it('force-deletes pods of a deleted node after the quarantine, and only those', async () => {
    const t = testContext([
      node('node-1', 'True', START),
      lease('node-1', START),
      node('node-2', 'True', START),
      lease('node-2', START),
      pod('on-1', 'node-1', defaultTolerations(300)),
      pod('on-2', 'node-2', defaultTolerations(300)),
    ]);
    const c = new NodeLifecycleController(t.ctx);
    stop = await runInBackground(t.informers, c);
    const exists = (n: string) => t.client.tracked<Pod>(R.pods, 'default', n) !== undefined;

    await t.client.delete(R.nodes, undefined, 'node-1');
    await vi.waitFor(() => expect(t.informers.forResource(R.nodes).lister.get('node-1')).toBeUndefined());
    await t.clock.advance(4_000);
    expect(exists('on-1')).toBe(true);
    await t.clock.advance(1_000);
    await vi.waitFor(() => expect(exists('on-1')).toBe(false));
    expect(exists('on-2')).toBe(true);
    const del = t.client.actions.find((a) => a.verb === 'delete' && a.resource === 'pods')!;
    expect(del).toMatchObject({ name: 'on-1', options: { gracePeriodSeconds: 0 } });
    expect(t.client.actions.some((a) => a.verb === 'get' && a.resource === 'nodes' && a.name === 'node-1')).toBe(true);
  });
});
