/**
 * `npm run bench -- nodes`: hollow nodes at scale (issue 5, benchmark 1). For each size a fresh
 * cluster (redis-server, apiserver, controller-manager, scheduler; profile realistic: Leases
 * renewed every 10 s, 40 s duration, node-monitor grace 50 s) and one status-only hollow-node
 * process:
 *  1. time from starting the hollow process to every node Ready (seen through a node watch);
 *  2. RSS of the hollow process, per node, and the marginal RSS per node between two sizes;
 *  3. for the largest size, held for --hold seconds: CPU (cores) of the apiserver, redis-server,
 *     the hollow process, controller-manager and scheduler while the nodes heartbeat, and
 *     NotReady flaps (a node whose Ready condition leaves True; there must be none).
 *
 * Flags: --sizes 1000,5000  --hold 300 (seconds)  --mode status-only|full  --first 1001
 *        --profile realistic  --max-in-flight 16  --no-record (do not append to RESULTS.md)
 */
import { parseArgs } from 'node:util';
import { R } from '@kemu/api';
import { newSharedInformer } from '@kemu/client';
import { cpuSeconds, rssBytes, startCluster, waitUntil } from './lib/cluster.js';
import { report } from './lib/results.js';
import { round, sleep } from './lib/stats.js';

const { values: f } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,5000' },
    hold: { type: 'string', default: '300' },
    mode: { type: 'string', default: 'status-only' },
    first: { type: 'string', default: '1001' },
    profile: { type: 'string', default: 'realistic' },
    'max-in-flight': { type: 'string', default: '16' },
    'ready-timeout': { type: 'string', default: '600' },
    'no-record': { type: 'boolean', default: false },
  },
  strict: true,
});
const sizes = f.sizes.split(',').map(Number);
const hold = Number(f.hold);
const log = (s) => console.error(`[nodes] ${s}`);

const isReady = (n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** Watches nodes: how many are Ready, and how often one stopped being Ready. */
function nodeWatch(client, signal) {
  const informer = newSharedInformer(client, R.nodes, {});
  const ready = new Set();
  const state = { ready, flaps: 0, flapped: new Set() };
  const seen = (n) => {
    const name = n.metadata.name;
    if (isReady(n)) ready.add(name);
    else if (ready.delete(name)) {
      state.flaps++;
      state.flapped.add(name);
    }
  };
  informer.addEventHandler({ onAdd: seen, onUpdate: (_o, n) => seen(n), onDelete: (n) => ready.delete(n.metadata.name) });
  void informer.run(signal);
  return state;
}

async function runSize(count, holdSecs) {
  const cluster = await startCluster({ profile: f.profile, log });
  const abort = new AbortController();
  try {
    const watch = nodeWatch(cluster.client, abort.signal);
    const t0 = performance.now();
    const hollow = await cluster.hollow({
      count,
      first: Number(f.first),
      mode: f.mode,
      extra: ['--hollow-max-in-flight', f['max-in-flight']],
    });
    let last = 0;
    await waitUntil(
      () => {
        if (watch.ready.size !== last && watch.ready.size % 500 < last % 500)
          log(`${watch.ready.size}/${count} Ready after ${round((performance.now() - t0) / 1000, 1)} s`);
        last = watch.ready.size;
        return watch.ready.size >= count;
      },
      { timeoutMs: Number(f['ready-timeout']) * 1000, intervalMs: 50, what: `${count} nodes Ready` },
    );
    const readySecs = (performance.now() - t0) / 1000;
    log(`${count} nodes Ready in ${round(readySecs, 2)} s`);
    watch.flaps = 0;
    watch.flapped.clear();
    await sleep(3000);
    const rss = rssBytes(hollow.pid);
    const out = {
      nodes: count,
      readySeconds: round(readySecs, 2),
      hollowRssMB: round(rss / 2 ** 20, 1),
      rssPerNodeKB: round(rss / 1024 / count, 1),
    };
    if (holdSecs > 0) {
      const pids = cluster.pids();
      const names = ['apiserver', 'redis', 'hollow', 'controller-manager-1', 'scheduler-1'];
      const cpu0 = Object.fromEntries(names.map((n) => [n, cpuSeconds(pids[n])]));
      const w0 = performance.now();
      log(`holding ${count} nodes for ${holdSecs} s`);
      while (performance.now() - w0 < holdSecs * 1000) {
        await sleep(Math.min(10_000, holdSecs * 1000 - (performance.now() - w0)));
        log(`  ${round((performance.now() - w0) / 1000)} s: ${watch.ready.size} Ready, ${watch.flaps} flaps`);
      }
      const wall = (performance.now() - w0) / 1000;
      const cores = Object.fromEntries(names.map((n) => [n, round((cpuSeconds(pids[n]) - cpu0[n]) / wall, 3)]));
      out.hold = {
        seconds: round(wall),
        cpuCores: cores,
        notReadyFlaps: watch.flaps,
        flappedNodes: watch.flapped.size,
        readyAtEnd: watch.ready.size,
        hollowRssMBAtEnd: round(rssBytes(hollow.pid) / 2 ** 20, 1),
      };
    }
    return out;
  } catch (err) {
    log(cluster.logTails());
    throw err;
  } finally {
    abort.abort();
    await cluster.stop();
  }
}

const results = [];
for (let i = 0; i < sizes.length; i++) results.push(await runSize(sizes[i], i === sizes.length - 1 ? hold : 0));
const lines = [`hollow nodes (${f.mode}, profile ${f.profile}):`];
for (const r of results)
  lines.push(
    `  ${String(r.nodes).padStart(6)} nodes Ready in ${r.readySeconds} s; hollow process RSS ${r.hollowRssMB} MB = ${r.rssPerNodeKB} KB/node`,
  );
let marginal;
if (results.length >= 2) {
  const [a, b] = [results[0], results[results.length - 1]];
  marginal = round(((b.hollowRssMB - a.hollowRssMB) * 1024) / (b.nodes - a.nodes), 1);
  lines.push(`  marginal RSS per node (${a.nodes} → ${b.nodes}): ${marginal} KB`);
}
const held = results.find((r) => r.hold);
if (held) {
  const c = held.hold.cpuCores;
  lines.push(
    `  ${held.nodes} nodes held ${held.hold.seconds} s: NotReady flaps ${held.hold.notReadyFlaps} (${held.hold.flappedNodes} nodes), Ready at end ${held.hold.readyAtEnd}`,
  );
  lines.push(
    `  CPU (cores): apiserver ${c.apiserver}, redis ${c.redis}, hollow ${c.hollow}, controller-manager ${c['controller-manager-1']}, scheduler ${c['scheduler-1']}`,
  );
}
report('nodes', lines, { mode: f.mode, profile: f.profile, sizes: results, marginalRssPerNodeKB: marginal });
process.exit(0);
