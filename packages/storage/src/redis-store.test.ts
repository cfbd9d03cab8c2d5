/** RedisStore behaviour that only a real Redis can show: outages, restarts, shared datasets. */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { R, pollUntil, type KubeObject } from '@kemu/api';
import { freePort, startRedis, type RedisServer } from '../../../test/support/redis-server.js';
import { StorageError, type StorageEvent } from './interfaces.js';
import { collectionPrefix, objectKey } from './keys.js';
import { RedisStore } from './redis-store.js';

const cm = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default' },
  data: { name },
});
const key = (name: string) => objectKey(R.configmaps, 'default', name);

/** Retries fn until it resolves (the condition "Redis answers again"), up to timeoutMs. */
async function eventually<T>(fn: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  return (await pollUntil(async () => ({ value: await fn() }), { timeoutMs, intervalMs: 50, what: 'Redis to answer' })).value;
}

describe('RedisStore', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it('keeps its data across a SIGKILL and AOF restart, and watches resume', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kemu-aof-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const port = await freePort();
    let server: RedisServer = await startRedis({ appendonly: true, dir, port });
    cleanup.push(() => server.stop());
    const store = new RedisStore(server.url);
    cleanup.push(() => store.close());
    const clusterId = await store.clusterId();

    await store.create(key('a'), cm('a'));
    const ac = new AbortController();
    cleanup.push(() => ac.abort());
    const it = store.watch({ prefix: collectionPrefix(R.configmaps), fromRevision: 1, signal: ac.signal })[Symbol.asyncIterator]();
    await store.create(key('b'), cm('b'));
    expect((await it.next()).value?.revision).toBe(2);

    await server.stop('SIGKILL');
    const t0 = Date.now();
    const err = await store.get(key('a')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('Unavailable');
    expect(Date.now() - t0).toBeLessThan(3_000);
    const next = it.next();

    server = await startRedis({ appendonly: true, dir, port });
    const a = await eventually(() => store.get(key('a')));
    expect(a).toMatchObject({ data: { name: 'a' }, metadata: { resourceVersion: '1' } });
    expect(await store.currentRevision()).toBe(2);
    expect(await store.clusterId()).toBe(clusterId);
    const c = await store.create(key('c'), cm('c'));
    expect(c.metadata.resourceVersion).toBe('3');
    const ev = (await next).value as StorageEvent;
    expect(`${ev.type} ${ev.key} ${ev.revision}`).toBe(`ADDED ${key('c')} 3`);

    const other = new RedisStore(server.url);
    cleanup.push(() => other.close());
    expect((await other.list(collectionPrefix(R.configmaps, 'default'))).items.map((o) => o.metadata.name)).toEqual(['a', 'b', 'c']);
  });

  it('shares one dataset between stores: writes in one are watched in the other', async () => {
    const server = await startRedis();
    cleanup.push(() => server.stop());
    const a = new RedisStore(server.url);
    const b = new RedisStore(server.url);
    cleanup.push(
      () => a.close(),
      () => b.close(),
    );
    expect(await a.clusterId()).toBe(await b.clusterId());
    const ac = new AbortController();
    cleanup.push(() => ac.abort());
    const from = await b.currentRevision();
    const it = b.watch({ prefix: collectionPrefix(R.configmaps), fromRevision: from, signal: ac.signal })[Symbol.asyncIterator]();
    const writes = Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).create(key(`o${i}`), cm(`o${i}`)));
    await Promise.all(writes);
    const revs: number[] = [];
    while (revs.length < 10) revs.push(((await it.next()).value as StorageEvent).revision);
    expect(revs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('keeps datasets with different tags apart', async () => {
    const server = await startRedis();
    cleanup.push(() => server.stop());
    const a = new RedisStore(server.url, { tag: 'one' });
    const b = new RedisStore(server.url, { tag: 'two' });
    cleanup.push(
      () => a.close(),
      () => b.close(),
    );
    await a.create(key('x'), cm('x'));
    expect(await b.get(key('x'))).toBeUndefined();
    expect(await b.currentRevision()).toBe(0);
  });

  it('fails fast with Unavailable when Redis is not there', async () => {
    const store = new RedisStore(`redis://127.0.0.1:${await freePort()}`);
    cleanup.push(() => store.close());
    const t0 = Date.now();
    const err = await store.create(key('x'), cm('x')).catch((e: unknown) => e);
    expect((err as StorageError).code).toBe('Unavailable');
    const ac = new AbortController();
    cleanup.push(() => ac.abort());
    const werr = await store
      .watch({ prefix: '/registry/', fromRevision: 0, signal: ac.signal })
      [Symbol.asyncIterator]()
      .next()
      .catch((e: unknown) => e);
    expect((werr as StorageError).code).toBe('Unavailable');
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('never reuses a revision when Redis comes back empty, and ends watches with Compacted', async () => {
    const port = await freePort();
    let server = await startRedis({ port });
    cleanup.push(() => server.stop());
    const store = new RedisStore(server.url);
    cleanup.push(() => store.close());
    const firstId = await store.clusterId();
    for (const n of ['a', 'b', 'c']) await store.create(key(n), cm(n));
    const ac = new AbortController();
    cleanup.push(() => ac.abort());
    const it = store.watch({ prefix: collectionPrefix(R.configmaps), fromRevision: 2, signal: ac.signal })[Symbol.asyncIterator]();
    expect((await it.next()).value?.revision).toBe(3);

    await server.stop('SIGKILL');
    server = await startRedis({ port }); // no AOF: the dataset is gone
    const err = await it.next().catch((e: unknown) => e);
    expect((err as StorageError).code).toBe('Compacted');
    const d = await eventually(() => store.create(key('d'), cm('d')));
    expect(Number(d.metadata.resourceVersion)).toBeGreaterThan(3);
    expect(await store.clusterId()).not.toBe(firstId);
    expect(await store.compactedRevision()).toBe(3);
    const from = Number(d.metadata.resourceVersion);
    const it2 = store.watch({ prefix: collectionPrefix(R.configmaps), fromRevision: from, signal: ac.signal })[Symbol.asyncIterator]();
    await store.create(key('e'), cm('e'));
    expect((await it2.next()).value?.revision).toBe(from + 1);
  });
});
