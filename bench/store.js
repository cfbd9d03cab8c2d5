/**
 * `npm run bench -- store`: the store against its ceilings (issue 3), on a redis-server of its
 * own without persistence, in one run:
 *  1. CAS writes/s at concurrency 1, 16, 64 through RedisStore.guaranteedUpdate and through the
 *     bare Lua CAS script (bench/lua/cas.lua, the ceiling), and the ratio (target ≥ 70 %); for
 *     reference, the bare script with the least object work a store must do (bare+encode: encode
 *     the changed object) and with a full codec round (bare+codec: decode, change, sorted encode);
 *  2. watch delivery latency at a paced load: a write every ~1 ms through guaranteedUpdate, seen
 *     by a RedisStore watch of the same store (one apiserver), p50/p99 (target p99 ≤ 5 ms);
 *  3. a consistent list of 10 000 pods: `GET /api/v1/pods` (Accept: application/json) from an
 *     apiserver process of its own (as kubectl would; in this process, the benchmark's own
 *     garbage landed in the apiserver's time), served by its watch cache, and, for reference,
 *     RedisStore.list straight from Redis (target ≤ 50 ms).
 * Workers own one key each (no conflicts), closed loop, measured after a warm-up; kemu and bare
 * runs alternate so drift hits both; figures are medians over --reps.
 *
 * Flags: --secs 3 --reps 3 --conc 1,16,64 --watch-n 2000 --list-n 10000 --list-reps 5
 *        --only cas,watch,list
 */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { Packr } from 'msgpackr';
import pino from 'pino';
import { R } from '@kemu/api';
import { RedisStore, collectionPrefix, objectKey } from '@kemu/storage';
import { startApiServer } from '@kemu/apiserver';
import { RestClient } from '@kemu/client';
import { startCluster } from './lib/cluster.js';
import { startRedis } from './lib/redis-server.js';
import { benchPod } from './lib/pod.js';
import { machine, median, quantile, round, sleep } from './lib/stats.js';
import { environment, environmentHeader } from './lib/environment.js';

const CAS_LUA = readFileSync(new URL('./lua/cas.lua', import.meta.url), 'utf8');
const WARMUP_MS = 300;
const packr = new Packr({ useRecords: false });
/** The store codec's settings (packages/storage/src/codec.ts): what "bare + codec" pays per write. */
const storePackr = new Packr({ useRecords: false, mapsAsObjects: true });

function sortedCopy(v) {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(sortedCopy);
  const out = {};
  for (const k of Object.keys(v).sort()) if (v[k] !== undefined) out[k] = sortedCopy(v[k]);
  return out;
}

/** True when the apiserver has a watch cache to serve lists from. */
export function apiserverHasCache() {
  return existsSync(fileURLToPath(new URL('../packages/apiserver/src/cache', import.meta.url)));
}

/** CPU seconds (user + system) used so far by a process, from /proc (0 where there is none). */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * Runs `conc` closed-loop workers for warm-up + secs; `setup(w)` returns the worker's op.
 * @returns {Promise<{ opsPerSec: number, clientUs: number, serverUs: number }>} throughput in the
 *   measured window and CPU µs per op of this process and of redis-server
 */
async function closedLoop(conc, secs, serverPid, setup) {
  const ops = await Promise.all(Array.from({ length: conc }, (_, w) => setup(w)));
  let stop = false;
  let done = 0;
  const loops = ops.map(async (op) => {
    while (!stop) {
      await op();
      done++;
    }
  });
  await sleep(WARMUP_MS);
  const n0 = done;
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const s0 = cpuSeconds(serverPid);
  await sleep(secs * 1000);
  const n = done - n0;
  const el = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  const s = cpuSeconds(serverPid) - s0;
  stop = true;
  await Promise.all(loops);
  return { opsPerSec: n / el, clientUs: (c.user + c.system) / n, serverUs: (s * 1e6) / n };
}

/** CAS through RedisStore.guaranteedUpdate: each worker changes an annotation of its own pod. */
async function kemuCas(store, conc, secs, run, serverPid) {
  return closedLoop(conc, secs, serverPid, async (w) => {
    const key = objectKey(R.pods, 'cas', `kemu-${run}-${w}`);
    await store.create(key, benchPod(w, 'cas'));
    let i = 0;
    const touch = (pod) => {
      pod.metadata.annotations.n = String(++i);
      return pod;
    };
    return () => store.guaranteedUpdate(key, touch);
  });
}

/**
 * What RedisStore does with its command socket (corkForThisTurn): the commands of one turn of the
 * event loop go out in one write. The bare runs do the same, so the ceiling gets the same transport.
 */
const corked = new WeakSet();
function corkForThisTurn(conn) {
  const socket = conn.stream;
  if (corked.has(conn) || !socket || socket.destroyed) return;
  corked.add(conn);
  socket.cork();
  setImmediate(() => {
    corked.delete(conn);
    if (socket.writableCorked > 0) socket.uncork();
  });
}

/**
 * CAS through the bare script: each worker CASes its key with the revision of its last write.
 * `work` is what each write does first:
 *  - 'none': nothing, the same bytes every time (the ceiling);
 *  - 'encode': change the worker's one object in place and encode it — no copy, no decode, no
 *    sorting: the least any store that writes a changed object must do (the floor of its cost);
 *  - 'codec': decode the last value, change it and encode it sorted, as a store without a copy of
 *    the last object must.
 */
async function bareCas(conn, conc, secs, run, value, serverPid, work = 'none') {
  const index = '{bare}i:/registry/core/pods/';
  return closedLoop(conc, secs, serverPid, async (w) => {
    const key = `/registry/core/pods/cas/bare-${run}-${w}`;
    const obj = `{bare}o:${key}`;
    let [, rev] = await conn.benchCas(obj, index, '{bare}rev', '{bare}log', '0', value, key);
    let last = value;
    let i = 0;
    const own = storePackr.unpack(value);
    return async () => {
      let next = value;
      if (work === 'encode') {
        own.metadata.annotations.n = String(++i);
        next = storePackr.pack(own);
      } else if (work === 'codec') {
        const pod = storePackr.unpack(last);
        pod.metadata.annotations.n = String(++i);
        next = storePackr.pack(sortedCopy(pod));
      }
      corkForThisTurn(conn);
      const [ok, r] = await conn.benchCas(obj, index, '{bare}rev', '{bare}log', String(rev), next, key);
      if (ok !== 1) throw new Error(`bare CAS of ${key} conflicted at ${rev} (now ${r})`);
      rev = r;
      last = next;
    };
  });
}

async function benchCas(redis, o, log) {
  const store = new RedisStore(redis.url, { tag: 'kemu' });
  const conn = new Redis(redis.url, { enableAutoPipelining: false });
  conn.defineCommand('benchCas', { numberOfKeys: 4, lua: CAS_LUA });
  const value = packr.pack(benchPod(0, 'cas'));
  const rows = [];
  let run = 0;
  const runs = {
    kemu: (conc) => kemuCas(store, conc, o.secs, run++, redis.pid),
    bare: (conc) => bareCas(conn, conc, o.secs, run++, value, redis.pid),
    bareEncode: (conc) => bareCas(conn, conc, o.secs, run++, value, redis.pid, 'encode'),
    bareCodec: (conc) => bareCas(conn, conc, o.secs, run++, value, redis.pid, 'codec'),
  };
  const names = Object.keys(runs);
  try {
    for (const conc of o.conc) {
      const got = Object.fromEntries(names.map((n) => [n, []]));
      for (let r = 0; r < o.reps; r++) {
        // Rotate the order so drift hits every variant alike.
        for (let j = 0; j < names.length; j++) {
          const n = names[(j + r) % names.length];
          got[n].push(await runs[n](conc));
        }
      }
      const ops = (n) => median(got[n].map((x) => x.opsPerSec));
      const us = (n, f) => round(median(got[n].map((x) => x[f])));
      // Ratios pair the runs of one repetition (run back to back), then take the median: the
      // machine's speed drifts between repetitions far more than within one.
      const paired = (a, b) => got[a].map((x, r) => x.opsPerSec / got[b][r].opsPerSec);
      const ratio = (a, b) => round(median(paired(a, b)), 3);
      const row = {
        conc,
        kemu: round(ops('kemu')),
        bare: round(ops('bare')),
        ratio: ratio('kemu', 'bare'),
        ratioRuns: paired('kemu', 'bare').map((x) => round(x, 3)),
        bareEncode: round(ops('bareEncode')),
        bareEncodeRatio: ratio('bareEncode', 'bare'),
        bareCodec: round(ops('bareCodec')),
        ratioToBareCodec: ratio('kemu', 'bareCodec'),
        clientUs: Object.fromEntries(names.map((n) => [n, us(n, 'clientUs')])),
        redisUs: Object.fromEntries(names.map((n) => [n, us(n, 'serverUs')])),
        runs: Object.fromEntries(names.map((n) => [n, got[n].map((x) => round(x.opsPerSec))])),
      };
      log(
        `  c=${String(conc).padEnd(3)} kemu ${String(row.kemu).padStart(6)}/s  bare ${String(row.bare).padStart(6)}/s  ratio ${(row.ratio * 100).toFixed(0).padStart(3)} % (${row.ratioRuns.map((x) => (x * 100).toFixed(0)).join('/')})` +
          `  | bare+encode ${String(row.bareEncode).padStart(6)}/s (${(row.bareEncodeRatio * 100).toFixed(0)} % of bare)` +
          `  | bare+codec ${String(row.bareCodec).padStart(6)}/s, kemu = ${(row.ratioToBareCodec * 100).toFixed(0)} % of it` +
          `  | CPU µs/op ${names.join('/')}: client ${names.map((n) => row.clientUs[n]).join('/')}, redis ${names.map((n) => row.redisUs[n]).join('/')}`,
      );
      rows.push(row);
    }
  } finally {
    await store.close();
    conn.disconnect();
  }
  return rows;
}

/** Paced writes through guaranteedUpdate, watched by the same store; latency from before the write call. */
async function benchWatch(url, o) {
  const store = new RedisStore(url, { tag: 'kemu' });
  const key = objectKey(R.pods, 'lat', 'paced');
  const ac = new AbortController();
  try {
    await store.create(key, benchPod(1, 'lat'));
    const sentAt = [];
    const lat = [];
    const from = await store.currentRevision();
    let seen = 0;
    let allSeen;
    const done = new Promise((r) => {
      allSeen = r;
    });
    const watching = (async () => {
      for await (const ev of store.watch({ fromRevision: from, prefix: collectionPrefix(R.pods, 'lat'), signal: ac.signal })) {
        if (ev.key !== key || !ev.object.metadata) continue; // decodes, as a real consumer would
        const t0 = sentAt[seen++];
        if (t0 !== undefined) lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (seen === o.watchN) allSeen();
      }
    })();
    await sleep(100);
    let i = 0;
    const touch = (pod) => {
      pod.metadata.annotations.n = String(++i);
      return pod;
    };
    for (let n = 0; n < o.watchN; n++) {
      sentAt.push(process.hrtime.bigint());
      await store.guaranteedUpdate(key, touch);
      await sleep(1);
    }
    await Promise.race([done, sleep(5000)]);
    ac.abort();
    await watching;
    return {
      n: o.watchN,
      received: lat.length,
      p50: round(quantile(lat, 0.5), 3),
      p99: round(quantile(lat, 0.99), 3),
      max: round(quantile(lat, 1), 3),
    };
  } finally {
    ac.abort();
    await store.close();
  }
}

/** GETs url; ms is the time to the last byte. With `keep`, the body is kept (to check it, untimed). */
/**
 * The same through an apiserver: PUTs of a pod (RestClient.update) ~1 ms apart, seen by a
 * RestClient watch over HTTP; latency from before the PUT to the event's arrival.
 */
async function benchApiWatch(url, o) {
  // Its own Redis database: the list below counts every pod of the default one.
  const api = await startApiServer({ port: 0, storage: `${url}/3`, logger: pino({ level: 'silent' }) });
  const client = new RestClient({ servers: [api.url] });
  const ac = new AbortController();
  try {
    let pod = await client.create(R.pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'paced', annotations: { n: '0' } },
      spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] },
    });
    const n = Math.max(1, Math.round(o.watchN / 2));
    const sentAt = [];
    const lat = [];
    let seen = 0;
    let allSeen;
    const done = new Promise((r) => {
      allSeen = r;
    });
    const events = client.watch(R.pods, { namespace: 'default', resourceVersion: pod.metadata.resourceVersion }, ac.signal);
    const watching = (async () => {
      for await (const ev of events) {
        if (ev.type !== 'MODIFIED' || ev.object.metadata.name !== 'paced') continue;
        const t0 = sentAt[seen++];
        if (t0 !== undefined) lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (seen === n) allSeen();
      }
    })();
    await sleep(100);
    for (let i = 1; i <= n; i++) {
      sentAt.push(process.hrtime.bigint());
      pod = await client.update(R.pods, { ...pod, metadata: { ...pod.metadata, annotations: { n: String(i) } } });
      await sleep(1);
    }
    await Promise.race([done, sleep(5000)]);
    ac.abort();
    await watching;
    return {
      n,
      received: lat.length,
      p50: round(quantile(lat, 0.5), 3),
      p99: round(quantile(lat, 0.99), 3),
      max: round(quantile(lat, 1), 3),
    };
  } finally {
    ac.abort();
    client.close();
    await api.close();
  }
}

function getJson(url, keep = false) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    http
      .get(url, { headers: { Accept: 'application/json' } }, (res) => {
        let bytes = 0;
        const chunks = [];
        res.on('data', (c) => {
          bytes += c.length;
          if (keep) chunks.push(c);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            bytes,
            ms: Number(process.hrtime.bigint() - t0) / 1e6,
            body: keep ? Buffer.concat(chunks).toString('utf8') : undefined,
          }),
        );
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** Loads n pods (default dataset tag, as the apiserver's), then times the apiserver's and the store's list. */
/**
 * The list as kubectl sees it: an apiserver in its own process (its own redis-server, from
 * bench/lib/cluster.js) serving `GET /api/v1/pods` from its watch cache to this process.
 */
async function benchList(o) {
  const cluster = await startCluster({ scheduler: 0, controllerManager: 0 });
  const store = new RedisStore(cluster.redis.url);
  try {
    const ns = 'bench-list';
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        for (let i = next++; i < o.listN; i = next++)
          await store.create(objectKey(R.pods, ns, benchPod(i, ns).metadata.name), benchPod(i, ns));
      }),
    );
    const url = `${cluster.url}/api/v1/pods`;
    const warm = await getJson(url, true);
    if (warm.status !== 200) throw new Error(`GET /api/v1/pods answered ${warm.status}: ${warm.body.slice(0, 300)}`);
    const listed = JSON.parse(warm.body).items.length;
    if (listed !== o.listN) throw new Error(`GET /api/v1/pods listed ${listed} pods, expected ${o.listN}`);
    const apiMs = [];
    let bytes = 0;
    for (let r = 0; r < o.listReps; r++) {
      const res = await getJson(url);
      apiMs.push(res.ms);
      bytes = res.bytes;
    }
    const storeMs = [];
    for (let r = 0; r < o.listReps; r++) {
      const t0 = process.hrtime.bigint();
      const l = await store.list(collectionPrefix(R.pods));
      storeMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (l.items.length !== o.listN) throw new Error(`store listed ${l.items.length} pods, expected ${o.listN}`);
    }
    return {
      n: o.listN,
      source: apiserverHasCache() ? 'apiserver watch cache' : 'apiserver without a watch cache (store list per request)',
      apiserverMs: round(median(apiMs), 1),
      apiserverRuns: apiMs.map((x) => round(x, 1)),
      bytes,
      storeListMs: round(median(storeMs), 1),
      storeRuns: storeMs.map((x) => round(x, 1)),
    };
  } finally {
    await store.close();
    await cluster.stop();
  }
}

/**
 * Runs the selected parts on a fresh redis-server; `log` gets the human lines.
 * @param {{ secs?: number, reps?: number, conc?: number[], watchN?: number, listN?: number, listReps?: number, only?: string[] }} opts
 */
export async function runStoreBench(opts = {}, log = () => {}) {
  const o = {
    secs: opts.secs ?? 3,
    reps: opts.reps ?? 3,
    conc: opts.conc ?? [1, 16, 64],
    watchN: opts.watchN ?? 2000,
    listN: opts.listN ?? 10_000,
    listReps: opts.listReps ?? 5,
    only: opts.only ?? ['cas', 'watch', 'list'],
  };
  const redis = await startRedis();
  const result = {
    bench: 'store',
    date: new Date().toISOString(),
    machine: machine(),
    redis: redis.version,
    settings: { ...o, only: undefined },
  };
  try {
    if (o.only.includes('cas')) {
      log(`CAS writes/s (pod ${packr.pack(benchPod(0)).length} B msgpack, ${o.secs} s × ${o.reps} runs each, medians)`);
      result.cas = await benchCas(redis, o, log);
    }
    if (o.only.includes('watch')) {
      result.watch = await benchWatch(redis.url, o);
      const w = result.watch;
      log(
        `Watch latency, paced (${w.n} writes ~1 ms apart): p50 ${w.p50} ms  p99 ${w.p99} ms  max ${w.max} ms  (received ${w.received}/${w.n})`,
      );
      result.watchApiserver = await benchApiWatch(redis.url, o);
      const a = result.watchApiserver;
      log(
        `  through an apiserver (PUT → HTTP watch, ${a.n} writes): p50 ${a.p50} ms  p99 ${a.p99} ms  max ${a.max} ms  (received ${a.received}/${a.n})`,
      );
    }
    if (o.only.includes('list')) {
      result.list = await benchList(o);
      const l = result.list;
      log(
        `List of ${l.n} pods: GET /api/v1/pods ${l.apiserverMs} ms (${(l.bytes / 1e6).toFixed(1)} MB JSON; ${l.source});  RedisStore.list ${l.storeListMs} ms`,
      );
    }
  } finally {
    await redis.stop();
  }
  return result;
}

async function main() {
  const { values } = parseArgs({
    options: {
      secs: { type: 'string' },
      reps: { type: 'string' },
      conc: { type: 'string' },
      'watch-n': { type: 'string' },
      'list-n': { type: 'string' },
      'list-reps': { type: 'string' },
      only: { type: 'string' },
      // Accepted for `npm run bench -- paired`; this benchmark never appends to RESULTS.md.
      'no-record': { type: 'boolean' },
    },
  });
  const num = (v) => (v === undefined ? undefined : Number(v));
  console.log(`# kemu store benchmark; ${environmentHeader()}`);
  const result = await runStoreBench(
    {
      secs: num(values.secs),
      reps: num(values.reps),
      conc: values.conc?.split(',').map(Number),
      watchN: num(values['watch-n']),
      listN: num(values['list-n']),
      listReps: num(values['list-reps']),
      only: values.only?.split(','),
    },
    (line) => console.log(line),
  );
  const t = [];
  for (const c of result.cas ?? [])
    t.push(`CAS c=${c.conc} ${(c.ratio * 100).toFixed(0)} % of bare ${c.ratio >= 0.7 ? 'ok' : 'UNDER 70 %'}`);
  if (result.watch) t.push(`watch p99 ${result.watch.p99} ms ${result.watch.p99 <= 5 ? 'ok' : 'OVER 5 ms'}`);
  if (result.list) t.push(`list ${result.list.apiserverMs} ms ${result.list.apiserverMs <= 50 ? 'ok' : 'OVER 50 ms'}`);
  console.log(`Targets: ${t.join('; ')}`);
  const env = environment();
  console.log(JSON.stringify({ ...result, commit: env.commit, dirty: env.dirty, environment: env }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
