/**
 * A write whose outcome is unknown (sent to Redis, no reply: Redis stalled) is a 504 Timeout, as
 * kube-apiserver answers when etcd does not reply in time; a write refused before it was sent
 * (Redis gone) stays a 503.
 */
import { RedisStore, StorageError } from '@kemu/storage';
import { pollUntil, realClock, type KubeObject } from '@kemu/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startRedis, type RedisServer } from '../../../test/support/redis-server.js';
import { toStatus } from './errors.js';
import { startHarness, type Harness } from './testing/harness.js';

const CM = '/api/v1/namespaces/default/configmaps';
const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: 'b' } });

let redis: RedisServer;
let store: RedisStore;
let h: Harness;
beforeAll(async () => {
  redis = await startRedis();
  store = new RedisStore(redis.url, { commandTimeoutMs: 500 });
  h = await startHarness({ storage: store, compactionIntervalMs: 0 });
});
afterAll(async () => {
  await h?.close();
  await store?.close();
  await redis?.stop();
});

describe('writes when Redis stalls or is gone', () => {
  it('answers 504 Timeout for a write sent to a stalled Redis, which may be applied later', async () => {
    expect((await h.req('POST', CM, cm('before'))).status).toBe(201);
    redis.process.kill('SIGSTOP');
    let r: Awaited<ReturnType<Harness['req']>>;
    try {
      r = await h.req('POST', CM, cm('stalled'));
    } finally {
      redis.process.kill('SIGCONT');
    }
    expect(r.status).toBe(504);
    expect(r.body).toMatchObject({
      kind: 'Status',
      code: 504,
      reason: 'Timeout',
      message: 'Timeout: request did not complete within requested timeout - context deadline exceeded',
    });
    // Redis ran the command once it went on: the outcome really was unknown.
    await pollUntil(async () => (await h.req('GET', `${CM}/stalled`)).status === 200, {
      clock: realClock,
      intervalMs: 50,
      timeoutMs: 10_000,
    });
  });

  it('answers 503 for a write refused before it was sent', async () => {
    const nowhere = new RedisStore(`redis://127.0.0.1:${await freePort()}`, { commandTimeoutMs: 500 });
    try {
      const err = await nowhere.create('/registry/configmaps/default/gone', cm('gone')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect(toStatus(err)).toMatchObject({ code: 503, reason: 'ServiceUnavailable' });
    } finally {
      await nowhere.close();
    }
  });
});
