/**
 * guaranteedUpdate starting from a known state that another store (another apiserver) has made
 * stale: every outcome must still be judged on current data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { R, type KubeObject } from '@kemu/api';
import { startRedis, type RedisServer } from '../../../test/support/redis-server.js';
import { StorageError } from './interfaces.js';
import { KnownStates } from './known-states.js';
import { objectKey } from './keys.js';
import { RedisStore } from './redis-store.js';

const cm = (name: string, v: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default' },
  data: { v },
});
const key = (name: string) => objectKey(R.configmaps, 'default', name);
const setV = (v: string) => (o: KubeObject) => ({ ...o, data: { v } });
/** The ConfigMap data of a test object. */
const data = (o: KubeObject) => o.data as { v: string };

describe('KnownStates', () => {
  it('keeps the newest revision per key and forgets the oldest key beyond its bound', () => {
    const k = new KnownStates(2);
    k.set('a', 5, Buffer.from('x'));
    k.set('a', 4, Buffer.from('old'));
    expect(k.get('a')).toEqual({ mod: 5, bytes: Buffer.from('x') });
    k.set('b', 1, Buffer.from('b'));
    k.set('c', 1, Buffer.from('c'));
    expect([k.get('a'), k.size]).toEqual([undefined, 2]);
    expect(new KnownStates(0).size).toBe(0);
  });

  it('hands its object over once: take leaves the entry with the bytes only', () => {
    const k = new KnownStates();
    const object = cm('a', 'v1');
    k.set('a', 3, Buffer.from('x'), object);
    expect(k.take('a')).toEqual({ mod: 3, bytes: Buffer.from('x'), object });
    expect(k.take('a')).toEqual({ mod: 3, bytes: Buffer.from('x') });
    expect(k.take('missing')).toBeUndefined();
  });
});

describe('RedisStore.guaranteedUpdate from a stale known state', () => {
  let redis: RedisServer;
  let a: RedisStore;
  let b: RedisStore;
  beforeAll(async () => {
    redis = await startRedis();
    a = new RedisStore(redis.url);
    b = new RedisStore(redis.url);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  /** a knows `name` at its first version; b has since changed it to `v2`. */
  async function staleForA(name: string): Promise<{ first: KubeObject; second: KubeObject }> {
    const first = await a.create(key(name), cm(name, 'v1'));
    const second = await b.guaranteedUpdate(key(name), setV('v2'));
    return { first, second };
  }

  it('applies the update to the current object', async () => {
    const { second } = await staleForA('s1');
    const seen: string[] = [];
    const out = await a.guaranteedUpdate(
      key('s1'),
      (o) => {
        seen.push(data(o).v);
        return setV(`${data(o).v}+a`)(o);
      },
      { preconditions: { resourceVersion: second.metadata.resourceVersion } },
    );
    expect(out.data).toEqual({ v: 'v2+a' });
    expect(seen.at(-1)).toBe('v2');
    expect(Number(out.metadata.resourceVersion)).toBeGreaterThan(Number(second.metadata.resourceVersion));
  });

  it('judges preconditions on current data', async () => {
    const { first } = await staleForA('s2');
    const err = await a
      .guaranteedUpdate(key('s2'), setV('x'), { preconditions: { resourceVersion: first.metadata.resourceVersion } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect(err.code).toBe('Conflict');
  });

  it('writes an update that equals the stale state but not the current one', async () => {
    const { second } = await staleForA('s3');
    const out = await a.guaranteedUpdate(key('s3'), setV('v1'));
    expect(out.data).toEqual({ v: 'v1' });
    expect(Number(out.metadata.resourceVersion)).toBeGreaterThan(Number(second.metadata.resourceVersion));
    expect((await b.get(key('s3')))?.data).toEqual({ v: 'v1' });
  });

  it('retries a tryUpdate that refused stale data, and returns its error on current data', async () => {
    await staleForA('s4');
    const needV2 = (o: KubeObject) => {
      if (data(o).v !== 'v2') throw new Error(`saw ${data(o).v}`);
      return setV('v3')(o);
    };
    expect((await a.guaranteedUpdate(key('s4'), needV2)).data).toEqual({ v: 'v3' });
    await expect(a.guaranteedUpdate(key('s4'), needV2)).rejects.toThrow('saw v3');
  });

  it('finds a key another store deleted gone', async () => {
    await a.create(key('s5'), cm('s5', 'v1'));
    await b.delete(key('s5'));
    const err = await a.guaranteedUpdate(key('s5'), setV('x')).catch((e) => e);
    expect(err.code).toBe('KeyNotFound');
  });
});
