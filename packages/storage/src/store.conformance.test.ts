/**
 * The Store contract, run against every implementation: MemoryStore, and RedisStore on a real
 * redis-server (one server per suite, a fresh key tag per test).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { FakeClock, R, type KubeObject } from '@kemu/api';
import { startRedis, type RedisServer } from '../../../test/support/redis-server.js';
import { StorageError, type StorageEvent, type Store } from './interfaces.js';
import { collectionPrefix, objectKey } from './keys.js';
import { MemoryStore } from './memory-store.js';
import { RedisStore } from './redis-store.js';
import type { ManagedStore, StoreOptions } from './managed-store.js';

interface Backend {
  name: string;
  setup(): Promise<void>;
  make(opts?: StoreOptions): ManagedStore;
  teardown(): Promise<void>;
}

let server: RedisServer | undefined;
const backends: Backend[] = [
  { name: 'MemoryStore', setup: async () => {}, make: (o) => new MemoryStore(o), teardown: async () => {} },
  {
    name: 'RedisStore',
    setup: async () => {
      server = await startRedis();
    },
    make: (o) => new RedisStore(server!.url, { ...o, tag: `t-${randomUUID()}` }),
    teardown: async () => {
      await server?.stop();
    },
  },
];

const pod = (ns: string, name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace: ns, name, uid: `uid-${ns}-${name}` },
  spec: { containers: [] },
  ...extra,
});
const podKey = (ns: string, name: string) => objectKey(R.pods, ns, name);

async function expectStorageError(p: Promise<unknown>, code: StorageError['code']): Promise<StorageError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StorageError);
  expect((err as StorageError).code).toBe(code);
  return err as StorageError;
}

/** Takes the next n events from a watch. */
async function take(it: AsyncIterator<StorageEvent>, n: number): Promise<StorageEvent[]> {
  const out: StorageEvent[] = [];
  while (out.length < n) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

function watchFrom(store: Store, prefix: string, fromRevision: number) {
  const ac = new AbortController();
  const it = store.watch({ prefix, fromRevision, signal: ac.signal })[Symbol.asyncIterator]();
  return { it, stop: () => ac.abort() };
}

const summary = (e: StorageEvent) => `${e.type} ${e.key} ${e.revision}`;

describe.each(backends)('$name', (backend) => {
  const open: ManagedStore[] = [];
  const make = (opts?: StoreOptions) => {
    const s = backend.make(opts);
    open.push(s);
    return s;
  };

  beforeAll(() => backend.setup());
  afterAll(() => backend.teardown());
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it('creates once and reports AlreadyExists after', async () => {
    const store = make();
    const created = await store.create(podKey('default', 'a'), pod('default', 'a'));
    expect(created.metadata.resourceVersion).toBe('1');
    expect(await store.currentRevision()).toBe(1);
    await expectStorageError(store.create(podKey('default', 'a'), pod('default', 'a')), 'KeyExists');
    expect(await store.currentRevision()).toBe(1);
  });

  it('gets what it stored with the mod revision as resourceVersion', async () => {
    const store = make();
    await store.create(podKey('default', 'x'), pod('default', 'x'));
    await store.create(podKey('default', 'a'), {
      ...pod('default', 'a'),
      metadata: { ...pod('default', 'a').metadata, resourceVersion: '999' },
    });
    const got = await store.get(podKey('default', 'a'));
    expect(got).toEqual({ ...pod('default', 'a'), metadata: { ...pod('default', 'a').metadata, resourceVersion: '2' } });
    expect(await store.get(podKey('default', 'missing'))).toBeUndefined();
  });

  it('applies 20 concurrent read-modify-write updates without losing one', async () => {
    const store = make();
    const key = objectKey(R.configmaps, 'default', 'counter');
    await store.create(key, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'counter', namespace: 'default' }, data: { n: '0' } });
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.guaranteedUpdate(key, async (cur) => {
          await new Promise((r) => setImmediate(r));
          const data = cur.data as { n: string };
          return { ...cur, data: { n: String(Number(data.n) + 1) } };
        }),
      ),
    );
    const got = await store.get(key);
    expect(got!.data).toEqual({ n: '20' });
    expect(got!.metadata.resourceVersion).toBe('21');
  });

  it('never lets a caller change stored state through an object it was given', async () => {
    const store = make();
    const key = objectKey(R.configmaps, 'default', 'owned');
    await store.create(key, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owned', namespace: 'default' }, data: { v: '1' } });
    const seen: unknown[] = [];
    const setV = (v: string) => (cur: KubeObject) => {
      seen.push(structuredClone(cur.data));
      cur.data = { v };
      return cur;
    };
    const written = await store.guaranteedUpdate(key, setV('2'));
    written.data = { v: 'changed after the write' };
    const unchanged = await store.guaranteedUpdate(key, setV('2'));
    unchanged.data = { v: 'changed after a no-op' };
    await store.guaranteedUpdate(key, setV('3'));
    const refused = store.guaranteedUpdate(key, (cur) => {
      setV('changed, then refused')(cur);
      throw new Error('refused');
    });
    await expect(refused).rejects.toThrow('refused');
    const last = await store.guaranteedUpdate(key, setV('4'));
    expect(seen).toEqual([{ v: '1' }, { v: '2' }, { v: '2' }, { v: '3' }, { v: '3' }]);
    expect([last.metadata.resourceVersion, (await store.get(key))!.data]).toEqual(['4', { v: '4' }]);
  });

  it('writes nothing and emits nothing for an update that changes nothing', async () => {
    const store = make();
    const key = podKey('default', 'a');
    const created = await store.create(key, pod('default', 'a', { status: { phase: 'Pending', b: 1, a: 2 } }));
    const w = watchFrom(store, collectionPrefix(R.pods), 1);
    // Same content, different key order and a stale resourceVersion: still a no-op.
    const same = await store.guaranteedUpdate(key, (cur) => ({
      status: { a: 2, b: 1, phase: 'Pending' },
      spec: cur.spec,
      metadata: { ...cur.metadata, resourceVersion: '77' },
      kind: 'Pod',
      apiVersion: 'v1',
    }));
    expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(await store.currentRevision()).toBe(1);
    await store.guaranteedUpdate(key, (cur) => ({ ...cur, status: { phase: 'Running' } }));
    const [ev] = await take(w.it, 1);
    expect(summary(ev)).toBe(`MODIFIED ${key} 2`);
    // MODIFIED carries the previous state only where the store has it at hand (interfaces.ts).
    if (backend.name === 'MemoryStore')
      expect(ev.prevObject).toMatchObject({ status: { phase: 'Pending' }, metadata: { resourceVersion: '1' } });
    else expect(ev.prevObject).toBeUndefined();
    w.stop();
  });

  it('enforces update preconditions and reports missing keys', async () => {
    const store = make();
    const key = podKey('default', 'a');
    await store.create(key, pod('default', 'a'));
    await expectStorageError(
      store.guaranteedUpdate(key, (c) => c, { preconditions: { uid: 'other' } }),
      'Conflict',
    );
    await expectStorageError(
      store.guaranteedUpdate(key, (c) => c, { preconditions: { resourceVersion: '5' } }),
      'Conflict',
    );
    const ok = await store.guaranteedUpdate(key, (c) => ({ ...c, spec: { x: 1 } }), {
      preconditions: { uid: 'uid-default-a', resourceVersion: '1' },
    });
    expect(ok.metadata.resourceVersion).toBe('2');
    await expectStorageError(
      store.guaranteedUpdate(podKey('default', 'nope'), (c) => c),
      'KeyNotFound',
    );
    const thrown = new Error('refused');
    await expect(
      store.guaranteedUpdate(key, () => {
        throw thrown;
      }),
    ).rejects.toBe(thrown);
  });

  it('deletes with preconditions and returns the last state at the delete revision', async () => {
    const store = make();
    const key = podKey('default', 'a');
    await store.create(key, pod('default', 'a'));
    await expectStorageError(store.delete(key, { preconditions: { uid: 'someone-else' } }), 'Conflict');
    await expectStorageError(store.delete(key, { preconditions: { resourceVersion: '9' } }), 'Conflict');
    const last = await store.delete(key, { preconditions: { uid: 'uid-default-a', resourceVersion: '1' } });
    expect(last).toMatchObject({ metadata: { name: 'a', resourceVersion: '2' } });
    expect(await store.get(key)).toBeUndefined();
    await expectStorageError(store.delete(key), 'KeyNotFound');
    const again = await store.create(key, pod('default', 'a'));
    expect(again.metadata.resourceVersion).toBe('3');
  });

  it('lists a resource or one namespace at the global revision, in key order', async () => {
    const store = make();
    await store.create(podKey('ns1', 'b'), pod('ns1', 'b'));
    await store.create(podKey('ns10', 'a'), pod('ns10', 'a'));
    await store.create(podKey('ns1', 'a'), pod('ns1', 'a'));
    await store.create(objectKey(R.configmaps, 'ns1', 'c'), { metadata: { name: 'c', namespace: 'ns1' } });
    await store.create(objectKey(R.nodes, undefined, 'n1'), { metadata: { name: 'n1' } });
    const ns1 = await store.list(collectionPrefix(R.pods, 'ns1'));
    expect(ns1.items.map((p) => `${p.metadata.name}@${p.metadata.resourceVersion}`)).toEqual(['a@3', 'b@1']);
    expect(ns1.revision).toBe(5);
    const all = await store.list(collectionPrefix(R.pods));
    expect(all.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(['ns1/a', 'ns1/b', 'ns10/a']);
    expect((await store.list(collectionPrefix(R.nodes))).items.map((n) => n.metadata.name)).toEqual(['n1']);
    const empty = await store.list(collectionPrefix(R.secrets, 'ns1'));
    expect(empty).toEqual({ items: [], revision: 5 });
  });

  it('delivers every later event under the prefix once and in order', async () => {
    const store = make();
    await store.create(podKey('default', 'before'), pod('default', 'before'));
    const from = await store.currentRevision();
    const w = watchFrom(store, collectionPrefix(R.pods, 'default'), from);
    await store.create(podKey('default', 'a'), pod('default', 'a'));
    await store.create(podKey('other', 'x'), pod('other', 'x'));
    await store.guaranteedUpdate(podKey('default', 'a'), (c) => ({ ...c, spec: { v: 2 } }));
    await store.delete(podKey('default', 'a'));
    await store.create(objectKey(R.configmaps, 'default', 'c'), { metadata: { name: 'c' } });
    await store.create(podKey('default', 'b'), pod('default', 'b'));
    const evs = await take(w.it, 4);
    expect(evs.map(summary)).toEqual([
      `ADDED ${podKey('default', 'a')} 2`,
      `MODIFIED ${podKey('default', 'a')} 4`,
      `DELETED ${podKey('default', 'a')} 5`,
      `ADDED ${podKey('default', 'b')} 7`,
    ]);
    expect(evs[0].object.metadata.resourceVersion).toBe('2');
    expect(evs[1].object).toMatchObject({ spec: { v: 2 }, metadata: { resourceVersion: '4' } });
    expect(evs[2].object).toMatchObject({ spec: { v: 2 }, metadata: { resourceVersion: '5' } });
    expect(evs[2].prevObject).toMatchObject({ metadata: { resourceVersion: '4' } });
    w.stop();
    expect((await w.it.next()).done).toBe(true);
  });

  it('watching from 0 or the current revision sees only later events', async () => {
    const store = make();
    await store.create(podKey('default', 'old'), pod('default', 'old'));
    const w0 = watchFrom(store, collectionPrefix(R.pods), 0);
    const wc = watchFrom(store, collectionPrefix(R.pods), await store.currentRevision());
    await store.create(podKey('default', 'new'), pod('default', 'new'));
    expect((await take(w0.it, 1)).map(summary)).toEqual([`ADDED ${podKey('default', 'new')} 2`]);
    expect((await take(wc.it, 1)).map(summary)).toEqual([`ADDED ${podKey('default', 'new')} 2`]);
    w0.stop();
    wc.stop();
  });

  it('replays history then continues live without gaps for a watch started mid-stream', async () => {
    const store = make();
    const prefix = collectionPrefix(R.configmaps, 'default');
    const writes = 300;
    let written = 0;
    await store.create(objectKey(R.configmaps, 'default', 'c0'), { metadata: { name: 'c0' } });
    written = 1;
    const writer = (async () => {
      for (let i = 1; i < writes; i++) {
        await store.create(objectKey(R.configmaps, 'default', `c${i}`), { metadata: { name: `c${i}` } });
        written++;
        if (i % 10 === 0) await new Promise((r) => setImmediate(r));
      }
    })();
    // Start watchers at several points while the writer runs.
    const watchers: { from: number; w: ReturnType<typeof watchFrom> }[] = [];
    do {
      const rev = await store.currentRevision();
      const from = Math.max(1, Math.floor(rev / 2));
      watchers.push({ from, w: watchFrom(store, prefix, from) });
      await new Promise((r) => setImmediate(r));
    } while (written < writes && watchers.length < 8);
    await writer;
    expect(watchers.length).toBeGreaterThan(1);
    for (const { from, w } of watchers) {
      const evs = await take(w.it, writes - from);
      expect(evs.map((e) => e.revision)).toEqual(Array.from({ length: writes - from }, (_, i) => from + 1 + i));
      w.stop();
    }
  });

  it('replays a long history in order', async () => {
    const store = make();
    const n = 2_500;
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = w; i < n; i += 8) await store.create(objectKey(R.configmaps, 'default', `c${i}`), { metadata: { name: `c${i}` } });
      }),
    );
    const w = watchFrom(store, collectionPrefix(R.configmaps), 1);
    const evs = await take(w.it, n - 1);
    expect(evs.every((e, i) => e.revision === i + 2 && e.type === 'ADDED')).toBe(true);
    w.stop();
  });

  it('compacts on its clock, keeping one interval of history', async () => {
    const clock = new FakeClock();
    const store = make({ clock });
    for (let i = 0; i < 3; i++) await store.create(podKey('default', `p${i}`), pod('default', `p${i}`));
    const ac = new AbortController();
    store.startCompactor(ac.signal, 60_000);
    for (let i = 0; i < 200 && (await store.compactedRevision()) < 3; i++) {
      await clock.advance(60_000);
      await store.currentRevision();
    }
    expect(await store.compactedRevision()).toBe(3);
    ac.abort();
  });

  it('refuses to watch from before the compacted revision', async () => {
    const store = make();
    for (let i = 0; i < 5; i++) await store.create(podKey('default', `p${i}`), pod('default', `p${i}`));
    await store.compact(3);
    expect(await store.compactedRevision()).toBe(3);
    const old = watchFrom(store, collectionPrefix(R.pods), 2);
    await expectStorageError(old.it.next(), 'Compacted');
    const ok = watchFrom(store, collectionPrefix(R.pods), 3);
    expect((await take(ok.it, 2)).map((e) => e.revision)).toEqual([4, 5]);
    ok.stop();
    await store.compact(2); // older than what is compacted: nothing to do
    expect(await store.compactedRevision()).toBe(3);
    await expectStorageError(store.compact(99), 'TooLargeRevision');
  });

  it('reaps objects whose TTL passed with a DELETED event', async () => {
    const clock = new FakeClock();
    const store = make({ clock });
    const ev = objectKey(R.events, 'default', 'e1');
    const keep = objectKey(R.events, 'default', 'e2');
    await store.create(ev, { metadata: { name: 'e1' } }, { ttlSeconds: 10 });
    await store.create(keep, { metadata: { name: 'e2' } }, { ttlSeconds: 10 });
    await store.create(objectKey(R.events, 'default', 'e3'), { metadata: { name: 'e3' } });
    const w = watchFrom(store, collectionPrefix(R.events), 3);
    expect(await store.reapExpired(clock.now() + 5_000)).toBe(0);
    clock.setTimeout(() => {}, 0);
    await clock.advance(6_000);
    await store.guaranteedUpdate(keep, (c) => ({ ...c, count: 2 }), { ttlSeconds: 10 }); // refreshes the TTL
    expect(await store.reapExpired(clock.now() + 5_000)).toBe(1);
    const evs = await take(w.it, 2);
    expect(evs.map(summary)).toEqual([`MODIFIED ${keep} 4`, `DELETED ${ev} 5`]);
    expect(await store.get(ev)).toBeUndefined();
    expect(await store.reapExpired(clock.now() + 60_000)).toBe(1);
    expect(await store.get(objectKey(R.events, 'default', 'e3'))).toBeDefined();
    w.stop();
  });

  it('runs the reaper on its clock', async () => {
    const clock = new FakeClock();
    const store = make({ clock });
    const key = objectKey(R.events, 'default', 'e1');
    await store.create(key, { metadata: { name: 'e1' } }, { ttlSeconds: 2 });
    const w = watchFrom(store, collectionPrefix(R.events), 1);
    const ac = new AbortController();
    store.startReaper(ac.signal, 1_000);
    await clock.advance(3_000);
    const [e] = await take(w.it, 1);
    expect(summary(e)).toBe(`DELETED ${key} 2`);
    ac.abort();
    w.stop();
  });

  it('an update without a TTL drops the TTL', async () => {
    const clock = new FakeClock();
    const store = make({ clock });
    const key = objectKey(R.events, 'default', 'e1');
    await store.create(key, { metadata: { name: 'e1' } }, { ttlSeconds: 1 });
    await store.guaranteedUpdate(key, (c) => ({ ...c, count: 2 }));
    expect(await store.reapExpired(clock.now() + 10_000)).toBe(0);
    expect(await store.get(key)).toBeDefined();
  });

  it('rejects values over the size limit', async () => {
    const store = make();
    const big = pod('default', 'big', { data: 'x'.repeat(2 * 1024 * 1024) });
    await expectStorageError(store.create(podKey('default', 'big'), big), 'TooLarge');
    await store.create(podKey('default', 'small'), pod('default', 'small'));
    await expectStorageError(
      store.guaranteedUpdate(podKey('default', 'small'), (c) => ({ ...c, data: 'y'.repeat(2 * 1024 * 1024) })),
      'TooLarge',
    );
    expect(await store.currentRevision()).toBe(1);
  });

  it('closes a watcher that falls too far behind, after the events it queued', async () => {
    const store = make({ watchCapacity: 5 });
    const prefix = collectionPrefix(R.pods);
    await store.create(podKey('default', 'p0'), pod('default', 'p0'));
    const slow = watchFrom(store, prefix, 0);
    const fast = watchFrom(store, prefix, 1);
    await store.create(podKey('default', 'p1'), pod('default', 'p1'));
    expect((await take(slow.it, 1)).map((e) => e.revision)).toEqual([2]); // now live
    expect((await take(fast.it, 1)).map((e) => e.revision)).toEqual([2]);
    for (let i = 2; i < 20; i++) await store.create(podKey('default', `p${i}`), pod('default', `p${i}`));
    // The fast watcher seeing the last event means the slow one was offered everything too.
    expect((await take(fast.it, 5)).map((e) => e.revision)).toEqual([3, 4, 5, 6, 7]);
    fast.stop();
    const seen: number[] = [];
    const err = await (async () => {
      for (;;) {
        const r = await slow.it.next();
        if (r.done) return undefined;
        seen.push(r.value.revision);
      }
    })().catch((e: unknown) => e);
    expect(seen).toEqual([3, 4, 5, 6, 7]);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('Unavailable');
  });

  it('ends a watch when its signal aborts', async () => {
    const store = make();
    const w = watchFrom(store, collectionPrefix(R.pods), 0);
    const pending = w.it.next();
    w.stop();
    expect((await pending).done).toBe(true);
  });
});
