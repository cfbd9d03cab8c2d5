import { describe, expect, it } from 'vitest';
import { FakeClock, R, type Namespace } from '@kemu/api';
import { objectKey } from '@kemu/storage';
import type { Cacher } from '../../cache/cacher.js';
import { CachedNamespaceLister, FORCE_LIVE_LOOKUP_MS } from './namespace-lister.js';

const ns = (name: string, extra: Partial<Namespace> = {}): Namespace =>
  ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, resourceVersion: '5' }, status: { phase: 'Active' }, ...extra }) as Namespace;

/** A cacher whose namespaces cache holds `objects` (possibly stale, as a lagging watch cache). */
function fakeCacher(objects: Namespace[] | undefined): Cacher {
  const byKey = new Map((objects ?? []).map((o) => [objectKey(R.namespaces, undefined, o.metadata.name!), { object: o }]));
  return { peek: () => (objects ? { get: (k: string) => byKey.get(k) } : undefined) } as unknown as Cacher;
}

describe('CachedNamespaceLister', () => {
  it('vouches only for a cached, active namespace', () => {
    const clock = new FakeClock();
    const l = new CachedNamespaceLister(
      fakeCacher([
        ns('a'),
        ns('t', { status: { phase: 'Terminating' } }),
        ns('d', { metadata: { name: 'd', deletionTimestamp: '2024-01-01T00:00:00Z' } }),
      ]),
      clock,
    );
    expect(l.cachedActive('a')?.metadata.name).toBe('a');
    expect(l.cachedActive('t')).toBeUndefined();
    expect(l.cachedActive('d')).toBeUndefined();
    expect(l.cachedActive('missing')).toBeUndefined();
    expect(new CachedNamespaceLister(fakeCacher(undefined), clock).cachedActive('a')).toBeUndefined();
  });

  it('reads live for a while after a delete here, whatever the (stale) cache says', async () => {
    const clock = new FakeClock();
    const l = new CachedNamespaceLister(fakeCacher([ns('a')]), clock);
    l.forceLiveLookup('a');
    expect(l.cachedActive('a')).toBeUndefined();
    await clock.advance(FORCE_LIVE_LOOKUP_MS - 1);
    expect(l.cachedActive('a')).toBeUndefined();
    await clock.advance(1);
    expect(l.cachedActive('a')?.metadata.name).toBe('a');
  });
});
