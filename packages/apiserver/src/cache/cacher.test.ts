/**
 * The Cacher below HTTP: watcher queues (a slow watcher is closed, a fast one unaffected),
 * frames shared between watchers, bookmarks on an injected clock carrying the global progress,
 * and a store that loses its history (Redis restarted empty) ending every watch with 410.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, pollUntil, resourceFor, everything, everyField, realClock, type KubeObject, type ResourceInfo } from '@kemu/api';
import { MemoryStore, RedisStore, objectKey, type Store } from '@kemu/storage';
import { startRedis, type RedisServer } from '../../../../test/support/redis-server.js';
import { Cacher, type CacheWatchRequest } from './cacher.js';
import type { WatchSink } from './cache-watcher.js';
import { JsonWatchEncoder } from './watch-encoder.js';

const PODS = resourceFor('', 'pods')!;
const CMS = resourceFor('', 'configmaps')!;

const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function obj(r: ResourceInfo, name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: r.kind, metadata: { name, namespace: 'default', labels } } as KubeObject;
}

/** A sink that records frames; `stuck` never accepts more after the first frame. */
class TestSink implements WatchSink {
  frames: Buffer[] = [];
  ended = false;
  constructor(private readonly stuck = false) {}
  write(frame: Buffer): boolean {
    this.frames.push(frame);
    return !this.stuck;
  }
  onDrain(): void {}
  end(): void {
    this.ended = true;
  }
  events(): any[] {
    return this.frames.map((f) => JSON.parse(f.toString('utf8')));
  }
}

function request(sink: WatchSink, extra: Partial<CacheWatchRequest> = {}): CacheWatchRequest {
  return {
    namespace: 'default',
    selection: { label: everything, field: everyField },
    options: { resourceVersion: '', match: '', sendInitialEvents: false, allowWatchBookmarks: false },
    encoder: new JsonWatchEncoder(PODS),
    sink,
    bookmarkIntervalMs: 60_000,
    onClose: () => {},
    ...extra,
  };
}

function until(cond: () => boolean, ms = 5000): Promise<true> {
  return pollUntil(() => cond() || undefined, { timeoutMs: ms, intervalMs: 5 });
}

function newCacher(store: Store, opts: Partial<ConstructorParameters<typeof Cacher>[1]> = {}): Cacher {
  const c = new Cacher(store, { clock: realClock, ...opts });
  cleanup.push(() => c.close());
  return c;
}

describe('memory after a burst', () => {
  it('expires history on its own timer after a burst of creates and deletes, with no further writes', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore({ clock });
    const cacher = newCacher(store, { clock, windowMs: 75_000, minEvents: 8, expireIntervalMs: 10_000 });
    const cache = await cacher.cache(CMS);
    const n = 500;
    for (let i = 0; i < n; i++) await store.create(objectKey(CMS, 'default', `c${i}`), obj(CMS, `c${i}`));
    for (let i = 0; i < n; i++) await store.delete(objectKey(CMS, 'default', `c${i}`));
    await until(() => cache.history.size === 2 * n);
    expect(cache.history.capacity).toBeGreaterThanOrEqual(2 * n);
    await clock.advance(80_000);
    expect(cache.size).toBe(0);
    expect(cache.history.size).toBe(8);
    expect(cache.history.capacity).toBe(64);
  });
});

describe('watchers', () => {
  it('closes a watcher that cannot keep up without stalling a fast one', async () => {
    const store = new MemoryStore();
    const cacher = newCacher(store, { watcherCapacity: 10 });
    const cache = await cacher.cache(PODS);
    const fast = new TestSink();
    const slow = new TestSink(true);
    const closed: string[] = [];
    const wf = cacher.watch(cache, request(fast));
    const ws = cacher.watch(cache, request(slow, { onClose: (w) => closed.push(w.closeReason!) }));
    await until(() => cache.watchers.size === 2);
    for (let i = 0; i < 50; i++) await store.create(objectKey(PODS, 'default', `p${i}`), obj(PODS, `p${i}`));
    await until(() => fast.frames.length === 50);
    expect(fast.events().map((e) => e.object.metadata.name)).toEqual(Array.from({ length: 50 }, (_, i) => `p${i}`));
    expect(ws.closed).toBe(true);
    expect(closed).toEqual(['overflow']);
    expect(slow.ended).toBe(true);
    expect(slow.frames.length).toBe(1);
    expect(wf.closed).toBe(false);
    expect(cache.watchers.size).toBe(1);
  });

  it('encodes each event once for all watchers of one encoding', async () => {
    const store = new MemoryStore();
    const cacher = newCacher(store);
    const cache = await cacher.cache(PODS);
    const a = new TestSink();
    const b = new TestSink();
    cacher.watch(cache, request(a));
    cacher.watch(cache, request(b));
    await until(() => cache.watchers.size === 2);
    await store.create(objectKey(PODS, 'default', 'x'), obj(PODS, 'x'));
    await until(() => a.frames.length === 1 && b.frames.length === 1);
    expect(a.frames[0]).toBe(b.frames[0]);
  });

  it('sends bookmarks every interval and just before the deadline, at the global revision', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore({ clock });
    const cacher = newCacher(store, { clock });
    const cache = await cacher.cache(PODS);
    const sink = new TestSink();
    const withDeadline = new TestSink();
    const opts = { resourceVersion: '', match: '' as const, sendInitialEvents: false, allowWatchBookmarks: true };
    cacher.watch(cache, request(sink, { options: opts, bookmarkIntervalMs: 60_000 }));
    cacher.watch(cache, request(withDeadline, { options: opts, bookmarkIntervalMs: 60_000, deadline: clock.now() + 10_000 }));
    await until(() => cache.watchers.size === 2);
    // A write to another resource moves the global revision: pods bookmarks carry it.
    const cm = await store.create(objectKey(CMS, 'default', 'c'), obj(CMS, 'c'));
    await until(() => cacher.revision === Number(cm.metadata.resourceVersion));
    await clock.advance(8_000);
    expect(withDeadline.events()).toEqual([
      { type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: cm.metadata.resourceVersion } } },
    ]);
    expect(sink.frames).toHaveLength(0);
    await clock.advance(52_000);
    expect(sink.events()).toEqual([
      { type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: cm.metadata.resourceVersion } } },
    ]);
  });

  it('turns selector transitions into ADDED and DELETED (the previous state at the event revision)', async () => {
    const store = new MemoryStore();
    const cacher = newCacher(store);
    const cache = await cacher.cache(PODS);
    const sink = new TestSink();
    const { parseLabelSelector } = await import('@kemu/api');
    cacher.watch(cache, request(sink, { selection: { label: parseLabelSelector('tier=front'), field: everyField } }));
    await until(() => cache.watchers.size === 1);
    const key = objectKey(PODS, 'default', 't');
    await store.create(key, obj(PODS, 't'));
    const inside = await store.guaranteedUpdate(key, (o) => ({ ...o, metadata: { ...o.metadata, labels: { tier: 'front' } } }));
    const outside = await store.guaranteedUpdate(key, (o) => ({ ...o, metadata: { ...o.metadata, labels: { tier: 'back' } } }));
    await until(() => sink.frames.length === 2);
    const [added, deleted] = sink.events();
    expect(added).toMatchObject({
      type: 'ADDED',
      object: { metadata: { labels: { tier: 'front' }, resourceVersion: inside.metadata.resourceVersion } },
    });
    expect(deleted).toMatchObject({
      type: 'DELETED',
      object: { metadata: { labels: { tier: 'front' }, resourceVersion: outside.metadata.resourceVersion } },
    });
  });
});

describe('node-scoped watchers', () => {
  it('are indexed by spec.nodeName and still see pods moving onto and off their node', async () => {
    const { parseFieldSelector } = await import('@kemu/api');
    const store = new MemoryStore();
    const cacher = newCacher(store);
    const cache = await cacher.cache(PODS);
    const sinks = { n1: new TestSink(), n2: new TestSink(), unassigned: new TestSink(), all: new TestSink() };
    const sel = (s: string) => ({ label: everything, field: parseFieldSelector(s) });
    cacher.watch(cache, request(sinks.n1, { namespace: undefined, selection: sel('spec.nodeName=n1') }));
    cacher.watch(cache, request(sinks.n2, { namespace: undefined, selection: sel('spec.nodeName=n2,status.phase!=Failed') }));
    cacher.watch(cache, request(sinks.unassigned, { namespace: undefined, selection: sel('spec.nodeName=') }));
    cacher.watch(cache, request(sinks.all, { namespace: undefined }));
    await until(() => cache.watchers.size === 4);
    const key = (n: string) => objectKey(PODS, 'default', n);
    const onNode = (o: KubeObject, node: string) => ({ ...o, spec: { ...(o.spec as object), nodeName: node } });
    await store.create(key('a'), { ...obj(PODS, 'a'), spec: { nodeName: 'n1' } } as KubeObject);
    await store.create(key('b'), { ...obj(PODS, 'b'), spec: {} } as KubeObject);
    await store.guaranteedUpdate(key('b'), (o) => onNode(o, 'n2'));
    await store.guaranteedUpdate(key('a'), (o) => onNode(o, 'n2'));
    await store.delete(key('a'));
    await until(() => sinks.all.frames.length === 5);
    const seen = (s: TestSink) => s.events().map((e) => `${e.type} ${e.object.metadata.name}`);
    expect(seen(sinks.n1)).toEqual(['ADDED a', 'DELETED a']);
    expect(seen(sinks.n2)).toEqual(['ADDED b', 'ADDED a', 'DELETED a']);
    expect(seen(sinks.unassigned)).toEqual(['ADDED b', 'DELETED b']);
    expect(seen(sinks.all)).toEqual(['ADDED a', 'ADDED b', 'MODIFIED b', 'MODIFIED a', 'DELETED a']);
  });
});

describe('a store that loses its history', () => {
  let redis: RedisServer | undefined;
  afterEach(async () => {
    await redis?.stop();
    redis = undefined;
  });

  it('ends every watch with 410, rebuilds the caches, and never serves a revision lower than before', async () => {
    redis = await startRedis();
    const store = new RedisStore(redis.url);
    cleanup.push(() => store.close());
    const cacher = newCacher(store);
    const cache = await cacher.cache(PODS);
    for (let i = 0; i < 5; i++) await store.create(objectKey(PODS, 'default', `p${i}`), obj(PODS, `p${i}`));
    const before = await cacher.list(
      PODS,
      'default',
      { label: everything, field: everyField },
      { resourceVersion: '', match: '', limit: 0, continue: '' },
    );
    expect(before.items).toHaveLength(5);
    const sink = new TestSink();
    const w = cacher.watch(
      cache,
      request(sink, {
        options: { resourceVersion: String(before.revision), match: '', sendInitialEvents: undefined, allowWatchBookmarks: false },
      }),
    );
    await until(() => cache.watchers.size === 1);

    const port = redis.port;
    await redis.stop();
    redis = await startRedis({ port });
    await until(() => w.closed, 15_000);
    const events = sink.events();
    expect(events.at(-1)).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });

    const after = await cacher.list(
      PODS,
      'default',
      { label: everything, field: everyField },
      { resourceVersion: '', match: '', limit: 0, continue: '' },
    );
    expect(after.items).toHaveLength(0);
    expect(after.revision).toBeGreaterThanOrEqual(before.revision);
    const created = await store.create(objectKey(PODS, 'default', 'new'), obj(PODS, 'new'));
    expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(before.revision);
    const fresh = await cacher.list(
      PODS,
      'default',
      { label: everything, field: everyField },
      { resourceVersion: '', match: '', limit: 0, continue: '' },
    );
    expect(fresh.items.map((o) => o.object.metadata.name)).toEqual(['new']);
  });
});
