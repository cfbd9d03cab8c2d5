/** The `redis-sentinel://` storage URL: parsing, and a real Redis Sentinel in front of a primary and a replica. */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { R, pollUntil, type KubeObject } from '@kemu/api';
import { freePort, startRedis } from '../../../test/support/redis-server.js';
import { createStore } from './create-store.js';
import { objectKey } from './keys.js';
import { parseSentinelUrl, sentinelRedisOptions } from './sentinel-url.js';

describe('parseSentinelUrl', () => {
  it('reads the sentinels and the master name', () => {
    expect(parseSentinelUrl('redis-sentinel://10.0.0.1:26379,10.0.0.2:26380/mymaster')).toEqual({
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
      ],
      name: 'mymaster',
    });
  });

  it('defaults the sentinel port to 26379 and accepts IPv6, a password and a database', () => {
    expect(parseSentinelUrl('redis-sentinel://:s3cret@sentinel-a,[::1]:5000/kemu/2')).toEqual({
      sentinels: [
        { host: 'sentinel-a', port: 26379 },
        { host: '::1', port: 5000 },
      ],
      name: 'kemu',
      password: 's3cret',
      db: 2,
    });
  });

  it.each([
    ['redis://127.0.0.1:6379', /must start with redis-sentinel:\/\//],
    ['redis-sentinel://127.0.0.1:26379', /master name is missing/],
    ['redis-sentinel://127.0.0.1:26379/', /master name is missing/],
    ['redis-sentinel:///mymaster', /no sentinel given/],
    ['redis-sentinel://127.0.0.1:0/mymaster', /out of range/],
    ['redis-sentinel://127.0.0.1:port/mymaster', /is not host\[:port\]/],
    ['redis-sentinel://127.0.0.1:26379/mymaster/x', /is not a non-negative integer/],
    ['redis-sentinel://127.0.0.1:26379/a/1/2', /too many path segments/],
  ])('rejects %s', (url, why) => {
    expect(() => parseSentinelUrl(url)).toThrow(why);
  });

  it('maps onto ioredis sentinel options that only ever talk to the primary', () => {
    expect(sentinelRedisOptions(parseSentinelUrl('redis-sentinel://h:1/m'))).toEqual({
      sentinels: [{ host: 'h', port: 1 }],
      name: 'm',
      role: 'master',
      failoverDetector: true,
      reconnectOnError: expect.any(Function),
    });
  });

  it('is what createStore opens for a redis-sentinel:// URL, and bad ones are refused', () => {
    expect(() => createStore('redis-sentinel://h:1')).toThrow(/master name is missing/);
    expect(() => createStore('etcd://h:1')).toThrow(/redis-sentinel:/);
  });
});

const cm = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default' },
  data: { name },
});

function startSentinel(dir: string, port: number, masterPort: number): Promise<ChildProcess> {
  const conf = join(dir, `sentinel-${port}.conf`);
  writeFileSync(
    conf,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor kemu 127.0.0.1 ${masterPort} 1`,
      'sentinel down-after-milliseconds kemu 1000',
      'sentinel failover-timeout kemu 5000',
      '',
    ].join('\n'),
  );
  const proc = spawn('redis-server', [conf, '--sentinel'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes('+monitor master kemu')) {
        proc.stdout!.off('data', onData);
        proc.stdout!.resume();
        resolve(proc);
      }
    };
    proc.stdout!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`redis sentinel exited with ${code}: ${out}`)));
  });
}

describe('the store behind Redis Sentinel', () => {
  const cleanup: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it('writes to the primary the sentinel names, and follows a failover to the replica without reusing revisions', async () => {
    const primary = await startRedis();
    cleanup.push(() => primary.stop());
    const replica = await startRedis();
    cleanup.push(() => replica.stop());
    const admin = new Redis(replica.port, '127.0.0.1');
    cleanup.push(() => admin.disconnect());
    await admin.replicaof('127.0.0.1', String(primary.port));

    const sentinelPort = await freePort();
    const sentinel = await startSentinel(primary.dir, sentinelPort, primary.port);
    cleanup.push(() => {
      sentinel.kill('SIGTERM');
    });

    const store = createStore(`redis-sentinel://127.0.0.1:${sentinelPort}/kemu`);
    cleanup.push(() => store.close());
    const a = await store.create(objectKey(R.configmaps, 'default', 'a'), cm('a'));
    const primaryConn = new Redis(primary.port, '127.0.0.1');
    cleanup.push(() => primaryConn.disconnect());
    expect(await primaryConn.get('{c}rev')).toBe(a.metadata.resourceVersion);

    // The replica has everything (WAIT), then the sentinel promotes it.
    await waitForReplica(primary.port);
    const sentinelConn = new Redis(sentinelPort, '127.0.0.1');
    cleanup.push(() => sentinelConn.disconnect());
    await waitUntil(async () => ((await sentinelConn.call('SENTINEL', 'REPLICAS', 'kemu')) as unknown[]).length > 0);
    await sentinelConn.call('SENTINEL', 'FAILOVER', 'kemu');
    await waitUntil(async () => (await admin.role())[0] === 'master');

    // The store finds the new primary. Writes the old primary acknowledged in the moment before
    // it was demoted are lost (asynchronous replication), but no revision is ever handed out
    // twice or goes backwards: the store raises the new primary's counter past what it saw.
    const handedOut = [Number(a.metadata.resourceVersion)];
    let attempt = 0;
    await waitUntil(async () => {
      const b = await store.create(objectKey(R.configmaps, 'default', `b-${++attempt}`), cm('b'));
      handedOut.push(Number(b.metadata.resourceVersion));
      return (await admin.get('{c}rev')) === b.metadata.resourceVersion;
    });
    for (let i = 1; i < handedOut.length; i++) expect(handedOut[i]).toBeGreaterThan(handedOut[i - 1]);
    expect((await store.get(objectKey(R.configmaps, 'default', 'a')))?.data).toEqual({ name: 'a' });
  }, 30_000);
});

async function waitForReplica(port: number): Promise<void> {
  const c = new Redis(port, '127.0.0.1');
  try {
    await waitUntil(async () => Number(await c.call('WAIT', '1', '100')) >= 1);
  } finally {
    c.disconnect();
  }
}

async function waitUntil(cond: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  await pollUntil(async () => (await cond()) || undefined, { timeoutMs, intervalMs: 100 });
}
