/**
 * `npm run bench -- api`: the apiserver under load (issue 5, benchmark 4), on a fresh
 * redis-server + apiserver (no controllers, no scheduler, no nodes — pods stay Pending):
 *  1. pod creations/s and p50/p99 latency at concurrency 1, 16, 64 (closed loop, --secs each);
 *  2. LIST of --list-n pods (`GET /api/v1/namespaces/bench-list/pods`, JSON, time to the last
 *     byte), median of --list-reps, in a namespace of their own so it holds exactly that many;
 *  3. --watchers concurrent watches of one namespace's ConfigMaps, --events creates paced
 *     --event-interval ms apart after --warmup-events unmeasured ones: delivery latency (create
 *     sent → event received by a watcher) p50/p99 over every (watcher, event) pair.
 *
 * Flags: --conc 1,16,64 --secs 5 --list-n 10000 --list-reps 5 --watchers 500 --events 200
 *        --event-interval 20 --warmup-events 30 --storage redis|memory --only create,list,watch --no-record
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import { R } from '@kemu/api';
import { startCluster, waitUntil } from './lib/cluster.js';
import { report } from './lib/results.js';
import { median, quantile, round, sleep } from './lib/stats.js';
import { ensureNamespace, forEachLimit, pausePod } from './lib/workload.js';

const { values: f } = parseArgs({
  options: {
    conc: { type: 'string', default: '1,16,64' },
    secs: { type: 'string', default: '5' },
    'list-n': { type: 'string', default: '10000' },
    'list-reps': { type: 'string', default: '5' },
    watchers: { type: 'string', default: '500' },
    events: { type: 'string', default: '200' },
    'event-interval': { type: 'string', default: '20' },
    'warmup-events': { type: 'string', default: '30' },
    storage: { type: 'string', default: 'redis' },
    only: { type: 'string', default: 'create,list,watch' },
    'no-record': { type: 'boolean', default: false },
  },
  strict: true,
});
const only = new Set(f.only.split(','));
const log = (s) => console.error(`[api] ${s}`);

function get(url, onData) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { accept: 'application/json' } }, (res) => {
      if (onData) {
        resolve({ res, req });
        res.on('data', onData);
        return;
      }
      let n = 0;
      res.on('data', (b) => {
        n += b.length;
      });
      res.on('end', () => resolve({ status: res.statusCode, bytes: n }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const cluster = await startCluster({ storage: f.storage, scheduler: 0, controllerManager: 0, log });
const out = {};
const lines = [`api: apiserver on ${f.storage === 'redis' ? 'redis-server' : 'the memory store'}`];
try {
  const client = cluster.client;
  await ensureNamespace(client, 'bench');
  let made = 0;
  const create = () => client.create(R.pods, 'bench', pausePod(`c-${made++}`, 'bench'));

  if (only.has('create')) {
    out.create = [];
    for (const conc of f.conc.split(',').map(Number)) {
      await forEachLimit(Math.max(conc, 50), conc, create); // warm-up
      const lat = [];
      let stop = false;
      const t0 = performance.now();
      const loops = Array.from({ length: conc }, async () => {
        while (!stop) {
          const t = performance.now();
          await create();
          lat.push(performance.now() - t);
        }
      });
      await sleep(Number(f.secs) * 1000);
      stop = true;
      await Promise.all(loops);
      const secs = (performance.now() - t0) / 1000;
      const r = {
        concurrency: conc,
        perSecond: round(lat.length / secs, 1),
        p50Ms: round(quantile(lat, 0.5), 2),
        p99Ms: round(quantile(lat, 0.99), 2),
        n: lat.length,
      };
      out.create.push(r);
      lines.push(
        `  pod creations at concurrency ${String(conc).padStart(2)}: ${r.perSecond}/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms (${r.n} pods)`,
      );
      log(lines[lines.length - 1]);
    }
  }

  if (only.has('list')) {
    const want = Number(f['list-n']);
    await ensureNamespace(client, 'bench-list');
    await forEachLimit(want, 64, (i) => client.create(R.pods, 'bench-list', pausePod(`l-${i}`, 'bench-list')));
    const url = `${cluster.url}/api/v1/namespaces/bench-list/pods`;
    const times = [];
    let bytes = 0;
    for (let i = 0; i < Number(f['list-reps']) + 1; i++) {
      const t = performance.now();
      const r = await get(url);
      if (i > 0) times.push(performance.now() - t); // the first is a warm-up
      bytes = r.bytes;
    }
    out.list = { pods: want, medianMs: round(median(times), 1), minMs: round(Math.min(...times), 1), bytes };
    lines.push(`  LIST of ${want} pods: median ${out.list.medianMs} ms (min ${out.list.minMs} ms, ${round(bytes / 2 ** 20, 1)} MiB JSON)`);
    log(lines[lines.length - 1]);
  }

  if (only.has('watch')) {
    await ensureNamespace(client, 'watch');
    const n = Number(f.watchers);
    const events = Number(f.events);
    const sent = new Map();
    const lat = [];
    const streams = [];
    let opened = 0;
    // A watcher only stamps and keeps what arrives (parsed after the run): 500 real watchers
    // would each parse on their own CPU, not in this one thread ahead of the next socket.
    const received = [];
    let newlines = 0;
    for (let w = 0; w < n; w++) {
      const chunks = [];
      received.push(chunks);
      const { res, req } = await get(`${cluster.url}/api/v1/namespaces/watch/configmaps?watch=true`, (chunk) => {
        chunks.push(performance.now(), chunk);
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) newlines++;
      });
      streams.push({ res, req });
      opened++;
    }
    const latencies = () => {
      for (const chunks of received) {
        let buf = '';
        for (let i = 0; i < chunks.length; i += 2) {
          buf += chunks[i + 1].toString('utf8');
          let nl;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            if (!line.trim()) continue;
            const ev = JSON.parse(line);
            const t = sent.get(ev.object?.metadata?.name);
            if (ev.type === 'ADDED' && t !== undefined) lat.push(chunks[i] - t);
          }
        }
      }
    };
    log(`${opened} watches open`);
    // Warm-up events, not measured: the first fan-outs of a fresh apiserver run unoptimized code
    // (50–140 ms each for 500 watchers, against ≈ 10 ms once warm).
    const warm = Number(f['warmup-events']);
    for (let i = 0; i < warm; i++) {
      await client.create(R.configmaps, 'watch', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `warm-${i}` },
        data: { i: String(i) },
      });
      await sleep(Number(f['event-interval']));
    }
    await waitUntil(() => newlines >= n * warm, { timeoutMs: 30_000, what: 'every watcher to see the warm-up events' });
    await sleep(500);
    const writes = [];
    for (let i = 0; i < events; i++) {
      const name = `w-${i}`;
      sent.set(name, performance.now());
      writes.push(
        client.create(R.configmaps, 'watch', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { i: String(i) } }),
      );
      await sleep(Number(f['event-interval']));
    }
    await Promise.all(writes);
    await waitUntil(() => newlines >= n * (warm + events), { timeoutMs: 30_000, what: 'every watcher to see every event' }).catch((err) =>
      log(err.message),
    );
    for (const s of streams) s.req.destroy();
    latencies();
    out.watch = {
      watchers: n,
      events,
      delivered: lat.length,
      p50Ms: round(quantile(lat, 0.5), 2),
      p99Ms: round(quantile(lat, 0.99), 2),
      maxMs: round(Math.max(...lat), 1),
    };
    lines.push(
      `  ${n} watchers × ${events} events: delivery p50 ${out.watch.p50Ms} ms, p99 ${out.watch.p99Ms} ms, max ${out.watch.maxMs} ms (${lat.length}/${n * events} delivered)`,
    );
  }
} catch (err) {
  log(cluster.logTails());
  throw err;
} finally {
  await cluster.stop();
}
report('api', lines, { storage: f.storage, ...out });
process.exit(0);
