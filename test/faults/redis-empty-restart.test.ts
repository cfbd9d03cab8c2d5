/**
 * Fault: Redis comes back EMPTY (its AOF directory deleted) under a write and watch load. The
 * apiserver notices the dataset lost writes (cluster id + the highest revision it handed out),
 * raises the revision above everything it handed out and ends every watch with 410, so
 * watchers relist and informers rebuild their caches; no client ever sees a resourceVersion go
 * backwards, and no resourceVersion is handed out twice.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { R, type KubeObject } from '@kemu/api';
import { RestClient, newSharedInformer } from '@kemu/client';
import { freePort } from '../support/redis-server.js';
import { report, startApiserverProcess, startRedisLikeKemu, until, type Proc } from './processes.js';
import { RecordingWatcher } from './recording-watcher.js';

/** The ConfigMap shape this test writes. */
type ConfigMap = KubeObject & { data?: Record<string, string> };

const cleanup: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('Redis restarted empty', () => {
  it('ends watches with 410, informers relist, and no resourceVersion goes backwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kemu-fault-empty-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const port = await freePort();
    let redis: Proc = await startRedisLikeKemu(dir, port, false);
    cleanup.push(() => redis.kill());
    const api = await startApiserverProcess(`redis://127.0.0.1:${port}`);
    cleanup.push(() => api.kill('SIGTERM'));
    const client = new RestClient({ servers: [api.url], requestTimeoutMs: 5000, maxAttempts: 1 });

    const running = new AbortController();
    cleanup.push(() => running.abort());
    const watchers = [0, 1, 2].map(() => new RecordingWatcher(client, R.configmaps, 'default'));
    const watching = watchers.map((w) => w.run(running.signal));
    const informer = newSharedInformer<ConfigMap>(client, R.configmaps, { namespace: 'default' });
    const informing = informer.run(running.signal);
    await until(() => informer.hasSynced() && watchers.every((w) => w.lists > 0), 10_000, 'the watchers and the informer to sync');

    const acked: { name: string; rv: number; at: number }[] = [];
    let restartedAt = 0;
    let stop = false;
    let lastError = '';
    const writing = (async () => {
      for (let i = 0; !stop; i++) {
        try {
          const c = await client.create<ConfigMap>(R.configmaps, 'default', {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: `c-${i}` },
            data: { i: String(i) },
          });
          acked.push({ name: c.metadata.name!, rv: Number(c.metadata.resourceVersion), at: Date.now() });
        } catch (err) {
          lastError = (err as Error).message;
          await new Promise((r) => setTimeout(r, 50));
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    })();

    await until(() => acked.length >= 100, 15_000, '100 acknowledged writes');
    const lostNames = acked.map((a) => a.name);
    const highestBefore = Math.max(...acked.map((a) => a.rv));
    await redis.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    redis = await startRedisLikeKemu(mkdirAgain(dir), port, false);
    restartedAt = Date.now();

    await until(() => watchers.every((w) => w.gone > 0), 15_000, 'every watcher to get 410');
    await until(() => acked.some((a) => a.at > restartedAt), 15_000, 'a write acknowledged after the restart').catch((err) => {
      throw new Error(`${(err as Error).message}; last write error: ${lastError}\n${api.output().split('\n').slice(-15).join('\n')}`);
    });
    const firstAfter = acked.find((a) => a.at > restartedAt)!;
    await until(() => acked.filter((a) => a.at > restartedAt).length >= 50, 15_000, '50 writes after the restart');
    stop = true;
    await writing;

    // Everyone converges on the new dataset: the informer holds exactly what a fresh list holds.
    const fresh = await client.list<ConfigMap>(R.configmaps, { namespace: 'default' });
    const freshNames = fresh.items.map((c) => c.metadata.name!).sort();
    await until(
      () =>
        JSON.stringify(
          informer.lister
            .list()
            .map((c) => c.metadata.name!)
            .sort(),
        ) === JSON.stringify(freshNames),
      10_000,
      'the informer to match a fresh list',
    );
    running.abort();
    await Promise.all([...watching, informing]);

    report('Redis restarted empty under 1 writer, 3 watchers and an informer', {
      'writes acknowledged before': acked.length - acked.filter((a) => a.at > restartedAt).length,
      'writes acknowledged after': acked.filter((a) => a.at > restartedAt).length,
      'highest RV before / first RV after': `${highestBefore} / ${firstAfter.rv}`,
      'recovery (restart → first ack)': `${firstAfter.at - restartedAt} ms`,
      '410s received by watchers': watchers.map((w) => w.gone).join(', '),
      'RVs recorded per watcher': watchers.map((w) => w.rvs.length).join(', '),
      'RVs that went backwards': watchers.reduce((n, w) => n + w.backwards().length, 0),
    });
    for (const w of watchers) expect(w.backwards()).toEqual([]);
    const rvs = acked.map((a) => a.rv);
    for (let i = 1; i < rvs.length; i++) expect(rvs[i]).toBeGreaterThan(rvs[i - 1]);
    expect(firstAfter.rv).toBeGreaterThan(highestBefore);
    // The objects written before are gone with the data, and the informer no longer holds them.
    expect(freshNames.filter((n) => lostNames.includes(n))).toEqual([]);
    expect(freshNames.length).toBeGreaterThanOrEqual(50);
  }, 90_000);
});

function mkdirAgain(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
