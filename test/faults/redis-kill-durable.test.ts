/**
 * Fault: SIGKILL redis-server in the middle of a write load, with `kemu up --durable`'s Redis
 * (AOF, appendfsync always), then start it again on the same data: every write the apiserver
 * acknowledged is there — every created object, and every counter at least at its last
 * acknowledged value (an update that reached Redis but whose reply was lost may show too).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { R, type KubeObject } from '@kemu/api';
import { RestClient } from '@kemu/client';
import { freePort } from '../support/redis-server.js';
import { report, startApiserverProcess, startRedisLikeKemu, until, type Proc } from './processes.js';

/** The ConfigMap shape this test writes. */
type ConfigMap = KubeObject & { data?: Record<string, string> };

const cleanup: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const WRITERS = 8;

describe('SIGKILL redis-server under write load (--durable)', () => {
  it('loses no acknowledged write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kemu-fault-aof-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const port = await freePort();
    let redis: Proc = await startRedisLikeKemu(dir, port, true);
    cleanup.push(() => redis.kill());
    const api = await startApiserverProcess(`redis://127.0.0.1:${port}`);
    cleanup.push(() => api.kill('SIGTERM'));
    const client = new RestClient({ servers: [api.url], requestTimeoutMs: 5000, maxAttempts: 1 });

    const created = new Set<string>();
    const counters = new Map<string, number>();
    let failures = 0;
    let firstAckAfterRestart = 0;
    let restartedAt = 0;
    let stop = false;
    const ack = () => {
      if (restartedAt && !firstAckAfterRestart) firstAckAfterRestart = Date.now();
    };

    const writer = async (w: number) => {
      const counterName = `counter-${w}`;
      let counter = await client.create<ConfigMap>(R.configmaps, 'default', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: counterName },
        data: { n: '0' },
      });
      counters.set(counterName, 0);
      for (let i = 0; !stop; i++) {
        try {
          const name = `w${w}-${i}`;
          await client.create(R.configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { i: String(i) } });
          created.add(name);
          ack();
          const n = Number(counter.data!.n) + 1;
          counter = await client.update<ConfigMap>(R.configmaps, { ...counter, data: { n: String(n) } });
          counters.set(counterName, n);
          ack();
        } catch {
          failures++;
          await new Promise((r) => setTimeout(r, 20));
          counter = await client.get<ConfigMap>(R.configmaps, 'default', counterName).catch(() => counter);
        }
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));

    await until(() => created.size >= 300, 20_000, '300 acknowledged creates');
    const beforeKill = created.size;
    const killedAt = Date.now();
    await redis.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300)); // writes fail while Redis is gone
    redis = await startRedisLikeKemu(dir, port, true);
    restartedAt = Date.now();
    await until(() => firstAckAfterRestart > 0, 20_000, 'a write acknowledged after the restart');
    await until(() => created.size >= beforeKill + 100, 20_000, '100 more acknowledged creates');
    stop = true;
    await Promise.all(writers);

    const stored = await client.list<ConfigMap>(R.configmaps, { namespace: 'default' });
    const names = new Set(stored.items.map((c) => c.metadata.name!));
    const missing = [...created].filter((n) => !names.has(n));
    const behind = [...counters].filter(([name, n]) => Number(stored.items.find((c) => c.metadata.name === name)?.data?.n ?? -1) < n);
    report('SIGKILL redis-server (appendfsync always) under 8 writers', {
      'writes acknowledged': created.size + [...counters.values()].reduce((a, b) => a + b, 0),
      'creates acknowledged (before kill)': beforeKill,
      'writes failed (Redis down)': failures,
      'outage (kill → restart)': `${restartedAt - killedAt} ms`,
      'recovery (restart → first ack)': `${firstAckAfterRestart - restartedAt} ms`,
      'acknowledged writes missing': missing.length + behind.length,
    });
    expect(missing).toEqual([]);
    expect(behind).toEqual([]);
  }, 60_000);
});
