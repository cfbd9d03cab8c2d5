/**
 * Jepsen-style watch checker (issue 3): concurrent writers on a few hundred keys, watchers that
 * disconnect at random and resume from their last revision; every watcher must see every change
 * to every key exactly once, in revision order, and end with the state of a fresh list. Runs
 * against MemoryStore, two RedisStores on one real redis-server, and two apiservers on one Redis
 * watched with @kemu/client's RestClient. Reproduce a run with `JEPSEN_SEED=<seed>`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { MemoryStore, RedisStore } from '@kemu/storage';
import { startApiServer, type ApiServer } from '@kemu/apiserver';
import { startRedis, type RedisServer } from '../support/redis-server.js';
import { apiserverNode, storeNode } from './nodes.js';
import { runSeed } from './rng.js';
import { runWorkload, type WorkloadResult } from './workload.js';

const seed = runSeed();

function report(target: string, r: WorkloadResult): void {
  const s = r.summary;
  console.log(
    `jepsen[${target}] seed=${s.seed} (JEPSEN_SEED=${s.seed} to reproduce) nodes=${s.nodes} ops=${s.ops} ` +
      `acknowledged=${s.acknowledged} noops=${s.noops} conflicts=${s.conflicts} watchers=${s.watchers} ` +
      `events-checked=${s.eventsChecked} bookmarks=${s.bookmarks} disconnects=${s.disconnects} in ${s.ms} ms` +
      (r.errors.length ? ` — ${r.errors.length} problems` : ' — ok'),
  );
}

function expectSound(r: WorkloadResult): void {
  expect(r.errors).toEqual([]);
  expect(r.summary.acknowledged).toBeGreaterThan(500);
  expect(r.summary.disconnects).toBeGreaterThan(20);
  expect(r.summary.eventsChecked).toBeGreaterThan(r.summary.acknowledged);
}

describe('watch checker', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('MemoryStore: every watcher sees every change exactly once, in order', async () => {
    const store = new MemoryStore();
    try {
      const r = await runWorkload({
        nodes: [storeNode('memory', store)],
        seed,
        keys: 200,
        writers: 8,
        opsPerWriter: 1200,
        watchers: 6,
        writeBudgetMs: 5_000,
        catchUpMs: 10_000,
        gapless: true,
      });
      report('memory', r);
      expectSound(r);
    } finally {
      await store.close();
    }
  }, 30_000);

  it('two RedisStores on one Redis: every watcher sees every change exactly once, in order', async () => {
    const a = new RedisStore(redis.url, { tag: 'jepsen-store' });
    const b = new RedisStore(redis.url, { tag: 'jepsen-store' });
    try {
      const r = await runWorkload({
        nodes: [storeNode('redis-a', a), storeNode('redis-b', b)],
        seed: seed + 1,
        keys: 200,
        writers: 8,
        opsPerWriter: 1200,
        watchers: 6,
        writeBudgetMs: 8_000,
        catchUpMs: 10_000,
        gapless: true,
      });
      report('redis', r);
      expectSound(r);
    } finally {
      await a.close();
      await b.close();
    }
  }, 40_000);

  describe('through two apiservers on one Redis', () => {
    let servers: ApiServer[] = [];
    beforeAll(async () => {
      const logger = pino({ level: 'silent' });
      // Own database number: the apiservers' dataset stays apart from the store test's.
      servers = await Promise.all(
        [0, 1].map(() =>
          startApiServer({
            port: 0,
            storage: `${redis.url}/1`,
            logger,
            bookmarkIntervalMs: 100,
          }),
        ),
      );
    });
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.close()));
    });

    it('every watcher (some with a label selector) sees every change exactly once, in order', async () => {
      const nodes = servers.map((s, i) => apiserverNode(`apiserver-${i}`, s.url));
      try {
        const r = await runWorkload({
          nodes,
          seed: seed + 2,
          keys: 200,
          writers: 8,
          opsPerWriter: 300,
          watchers: 6,
          selectorWatchers: 2,
          writeBudgetMs: 15_000,
          catchUpMs: 10_000,
        });
        report('apiserver', r);
        expectSound(r);
      } finally {
        for (const n of nodes) n.close();
      }
    }, 45_000);
  });
});
