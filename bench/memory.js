/**
 * `npm run bench -- memory`: the apiserver's resident memory across a burst (issue 11, "bounded
 * memory"), on a fresh redis-server + apiserver process (no controllers, no scheduler, no nodes).
 * RSS of the apiserver (from /proc) is read:
 *  1. at rest, --settle seconds after start;
 *  2. after creating --objects ConfigMaps (--conc at once) in one namespace, with one watch of
 *     them open all along (as an informer would be);
 *  3. right after deleting them all, one DELETE each;
 *  4. after --idle seconds with no requests (the watch cache's 75 s history window and its 10 s
 *     expiry tick have passed, and V8 has had idle time to collect and return memory).
 * The figures are what the apiserver keeps: a bound is met when (4) comes back near (1).
 *
 * Flags: --objects 50000 --conc 64 --settle 5 --idle 120 --storage redis|memory --no-record
 */
import { parseArgs } from 'node:util';
import { R } from '@kemu/api';
import { rssBytes, startCluster } from './lib/cluster.js';
import { report } from './lib/results.js';
import { round, sleep } from './lib/stats.js';
import { ensureNamespace, forEachLimit } from './lib/workload.js';

const { values: f } = parseArgs({
  options: {
    objects: { type: 'string', default: '50000' },
    conc: { type: 'string', default: '64' },
    settle: { type: 'string', default: '5' },
    idle: { type: 'string', default: '120' },
    storage: { type: 'string', default: 'redis' },
    'no-record': { type: 'boolean', default: false },
  },
  strict: true,
});
const log = (s) => console.error(`[memory] ${s}`);
const objects = Number(f.objects);
const conc = Number(f.conc);
const NS = 'bench-memory';
const mib = (b) => round(b / 1024 / 1024, 1);

const cluster = await startCluster({ storage: f.storage, scheduler: 0, controllerManager: 0, log });
const pid = cluster.pid('apiserver');
const rss = {};
const secs = {};
const lines = [];
let watched = 0;
const watchStop = new AbortController();
try {
  const client = cluster.client;
  await ensureNamespace(client, NS);
  await sleep(Number(f.settle) * 1000);
  rss.atRest = rssBytes(pid);
  log(`at rest: ${mib(rss.atRest)} MiB`);

  const watching = (async () => {
    for await (const _ of client.watch(R.configmaps, { namespace: NS }, watchStop.signal)) watched++;
  })().catch(() => {});
  const payload = 'x'.repeat(256);
  let t0 = performance.now();
  await forEachLimit(objects, conc, (i) =>
    client.create(R.configmaps, NS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { payload } }),
  );
  secs.create = (performance.now() - t0) / 1000;
  rss.afterCreate = rssBytes(pid);
  log(`after ${objects} creates (${round(secs.create, 1)} s): ${mib(rss.afterCreate)} MiB`);

  t0 = performance.now();
  await forEachLimit(objects, conc, (i) => client.delete(R.configmaps, NS, `cm-${i}`));
  secs.delete = (performance.now() - t0) / 1000;
  rss.afterDelete = rssBytes(pid);
  log(`after ${objects} deletes (${round(secs.delete, 1)} s): ${mib(rss.afterDelete)} MiB`);
  watchStop.abort();
  await watching;

  const idle = Number(f.idle);
  for (let s = 0; s < idle; s += 10) {
    await sleep(Math.min(10, idle - s) * 1000);
    log(`idle ${Math.min(s + 10, idle)} s: ${mib(rssBytes(pid))} MiB`);
  }
  rss.afterIdle = rssBytes(pid);
} catch (err) {
  log(cluster.logTails());
  throw err;
} finally {
  watchStop.abort();
  await cluster.stop();
}

lines.push(
  `apiserver RSS (${f.storage}), ${objects} ConfigMaps of 256 B data, ${conc} at once, one watch open (${watched} events):`,
  `  at rest                 ${mib(rss.atRest)} MiB`,
  `  after creating them     ${mib(rss.afterCreate)} MiB (${round(secs.create, 1)} s, ${round(objects / secs.create)} creates/s)`,
  `  after deleting them     ${mib(rss.afterDelete)} MiB (${round(secs.delete, 1)} s)`,
  `  after ${f.idle} s idle          ${mib(rss.afterIdle)} MiB (${round(rss.afterIdle / rss.atRest, 2)} × at rest)`,
);
report('memory', lines, {
  storage: f.storage,
  objects,
  conc,
  idleSeconds: Number(f.idle),
  watchEvents: watched,
  rssMiB: Object.fromEntries(Object.entries(rss).map(([k, v]) => [k, mib(v)])),
  seconds: Object.fromEntries(Object.entries(secs).map(([k, v]) => [k, round(v, 1)])),
});
process.exit(0);
