import { describe, expect, it } from 'vitest';
import { FakeClock } from '@kemu/api';
import { SchedulerCache } from './cache.js';
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
});
