import { describe, expect, it } from 'vitest';
import { FakeClock } from '@kemu/api';
import { SchedulerCache, Snapshot } from './cache.js';
import { makeNode, makePod } from './testing/fixtures.js';

function setup() {
  const clock = new FakeClock();
  const cache = new SchedulerCache(clock, 30_000);
  cache.addNode(makeNode('n1', { cpu: '2' }));
  return { clock, cache };
}
const requested = (cache: SchedulerCache) => cache.snapshot()[0].requested.cpu ?? 0;

describe('SchedulerCache', () => {
  it('counts an assumed pod against its node until the binding is forgotten', () => {
    const { cache } = setup();
    const p = makePod('p', { cpu: '500m', nodeName: 'n1' });
    cache.assumePod(p);
    expect(requested(cache)).toBe(500);
    expect(cache.isAssumed('default/p')).toBe(true);
    cache.forgetPod(p);
    expect(requested(cache)).toBe(0);
  });

  it('confirms an assumed pod when the informer reports it bound', async () => {
    const { cache, clock } = setup();
    const p = makePod('p', { cpu: '500m', nodeName: 'n1' });
    cache.assumePod(p);
    cache.finishBinding(p);
    cache.addPod(p);
    expect(cache.isAssumed('default/p')).toBe(false);
    await clock.advance(60_000);
    expect(requested(cache)).toBe(500);
  });

  it('expires an assumed pod never confirmed after its binding finished', async () => {
    const { cache, clock } = setup();
    const p = makePod('p', { cpu: '500m', nodeName: 'n1' });
    cache.assumePod(p);
    await clock.advance(60_000);
    expect(requested(cache)).toBe(500); // binding still in flight: kept
    cache.finishBinding(p);
    await clock.advance(30_001);
    expect(requested(cache)).toBe(0);
  });

  it('drops pods that are deleted and keeps pods of nodes it has not seen yet', () => {
    const { cache } = setup();
    cache.addPod(makePod('a', { cpu: '1', nodeName: 'n1' }));
    cache.addPod(makePod('b', { cpu: '1', nodeName: 'n2' }));
    cache.removePod(makePod('a', { nodeName: 'n1' }));
    expect(requested(cache)).toBe(0);
    cache.addNode(makeNode('n2'));
    expect(cache.snapshot().find((n) => n.name === 'n2')!.requested.cpu).toBe(1000);
  });

  it('updateSnapshot copies only the nodes changed since the last update', () => {
    const { cache } = setup();
    cache.addNode(makeNode('n2'));
    cache.addNode(makeNode('n3'));
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    const [n1, n2, n3] = snap.list;
    expect(snap.list.map((n) => n.name)).toEqual(['n1', 'n2', 'n3']);
    const list = snap.list;

    cache.addPod(makePod('a', { cpu: '1', nodeName: 'n2' }));
    expect(n2.requested.cpu).toBeUndefined(); // a snapshot changes only when updated
    const gen = n1.generation;
    cache.updateSnapshot(snap);
    expect(snap.list).toBe(list); // same nodes: the list is kept
    expect(snap.list[1]).toBe(n2);
    expect(n2.requested.cpu).toBe(1000);
    expect(n2.pods.map((p) => p.metadata.name)).toEqual(['a']);
    expect(n1.generation).toBe(gen); // untouched
    expect(n3.pods).toEqual([]);
  });

  it('updateSnapshot drops deleted nodes and adds new ones; pods of a deleted node wait for it', () => {
    const { cache } = setup();
    cache.addNode(makeNode('n2'));
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    cache.addPod(makePod('a', { cpu: '1', nodeName: 'n2' }));
    cache.removeNode(makeNode('n2'));
    cache.addNode(makeNode('n3'));
    cache.updateSnapshot(snap);
    expect(snap.list.map((n) => n.name)).toEqual(['n1', 'n3']);
    expect(cache.nodeCount()).toBe(2);
    cache.addNode(makeNode('n2'));
    cache.updateSnapshot(snap);
    expect(snap.get('n2')!.requested.cpu).toBe(1000);
    cache.removePod(makePod('a', { nodeName: 'n2' }));
    cache.updateSnapshot(snap);
    expect(snap.get('n2')!.pods).toEqual([]);
  });

  it('moves a pod whose node changed and counts each pod once', () => {
    const { cache } = setup();
    cache.addNode(makeNode('n2'));
    const p = makePod('a', { cpu: '1', nodeName: 'n1' });
    cache.assumePod(p);
    cache.updatePod(makePod('a', { cpu: '1', nodeName: 'n2' }));
    cache.updatePod(makePod('a', { cpu: '1', nodeName: 'n2' }));
    const nodes = cache.snapshot();
    expect(nodes.map((n) => [n.name, n.requested.cpu ?? 0, n.pods.length])).toEqual([
      ['n1', 0, 0],
      ['n2', 1000, 1],
    ]);
    expect(cache.isAssumed('default/a')).toBe(false);
  });
});
