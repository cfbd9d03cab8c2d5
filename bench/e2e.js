/**
 * `npm run bench -- e2e`: a Deployment end to end (issue 5, benchmark 3). A fresh cluster
 * (redis-server, apiserver, controller-manager, scheduler) with --nodes hollow nodes (default
 * status-only); one Deployment of --replicas pause pods is created, and a pod watch stamps when
 * each pod was first seen, bound, Running and Ready. Reported: time from `create` to every pod
 * Running and Ready, pods/s, and the pod startup latency (first seen → Running, as seen by the
 * watch) p50/p99.
 *
 * Flags: --nodes 1000 --replicas 10000 --mode status-only|full --profile realistic --timeout 600 --no-record
 */
import { parseArgs } from 'node:util';
import { R } from '@kemu/api';
import { startCluster, waitUntil } from './lib/cluster.js';
import { report } from './lib/results.js';
import { quantile, round } from './lib/stats.js';
import { ensureNamespace, podTimeline } from './lib/workload.js';

const { values: f } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000' },
    replicas: { type: 'string', default: '10000' },
    mode: { type: 'string', default: 'status-only' },
    profile: { type: 'string', default: 'realistic' },
    first: { type: 'string', default: '1001' },
    timeout: { type: 'string', default: '600' },
    'no-record': { type: 'boolean', default: false },
  },
  strict: true,
});
const nodes = Number(f.nodes);
const replicas = Number(f.replicas);
const log = (s) => console.error(`[e2e] ${s}`);

const cluster = await startCluster({ profile: f.profile, log, keepLogs: !!process.env.KEMU_BENCH_KEEP_LOGS });
const abort = new AbortController();
let out;
try {
  await cluster.hollow({ count: nodes, first: Number(f.first), mode: f.mode });
  await waitUntil(async () => (await cluster.client.list(R.nodes)).items.length >= nodes, {
    timeoutMs: 300_000,
    intervalMs: 500,
    what: `${nodes} nodes`,
  });
  log(`${nodes} ${f.mode} hollow nodes registered`);
  await ensureNamespace(cluster.client, 'bench');
  const tl = podTimeline(cluster.client, 'bench', abort.signal);
  await waitUntil(() => tl.informer.hasSynced(), { what: 'pod watch' });
  const labels = { app: 'bench-e2e' };
  const t0 = performance.now();
  await cluster.client.create(R.deployments, 'bench', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'bench', namespace: 'bench' },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          terminationGracePeriodSeconds: 0,
          containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
        },
      },
    },
  });
  let lastLog = performance.now();
  await waitUntil(
    () => {
      if (performance.now() - lastLog >= 5000) {
        lastLog = performance.now();
        const c = tl.counts;
        log(`${round((performance.now() - t0) / 1000, 1)} s: ${c.added} created, ${c.bound} bound, ${c.running} Running, ${c.ready} Ready`);
      }
      return tl.counts.ready >= replicas && tl.counts.running >= replicas;
    },
    { timeoutMs: Number(f.timeout) * 1000, intervalMs: 50, what: `${replicas} pods Running and Ready` },
  );
  const all = (performance.now() - t0) / 1000;
  const ts = [...tl.pods.values()];
  const startup = ts.filter((t) => t.running !== undefined).map((t) => t.running - t.added);
  const created = ts.map((t) => t.added).sort((a, b) => a - b);
  out = {
    nodes,
    replicas,
    mode: f.mode,
    allRunningAndReadySeconds: round(all, 2),
    podsPerSecond: round(replicas / all, 1),
    allCreatedSeconds: round((created[created.length - 1] - t0) / 1000, 2),
    startupLatencyMs: { p50: round(quantile(startup, 0.5)), p99: round(quantile(startup, 0.99)), max: round(Math.max(...startup)) },
    // Where the startup time goes: waiting to be scheduled and bound, then the kubelet's status.
    toBoundMs: stage(ts, 'added', 'bound'),
    boundToRunningMs: stage(ts, 'bound', 'running'),
  };
} catch (err) {
  log(cluster.logTails());
  throw err;
} finally {
  abort.abort();
  await cluster.stop();
}
/** p50/p99 ms between two stamps of the pod timeline, over the pods that have both. */
function stage(ts, from, to) {
  const d = ts.filter((t) => t[from] !== undefined && t[to] !== undefined).map((t) => t[to] - t[from]);
  return { p50: round(quantile(d, 0.5)), p99: round(quantile(d, 0.99)) };
}

report(
  'e2e',
  [
    `e2e: Deployment of ${out.replicas} replicas on ${out.nodes} ${out.mode} hollow nodes (profile ${f.profile})`,
    `  create → all Running and Ready: ${out.allRunningAndReadySeconds} s (${out.podsPerSecond} pods/s); last pod created after ${out.allCreatedSeconds} s`,
    `  pod startup latency (first seen → Running, watch-observed): p50 ${out.startupLatencyMs.p50} ms, p99 ${out.startupLatencyMs.p99} ms, max ${out.startupLatencyMs.max} ms`,
    `    of which first seen → bound p50 ${out.toBoundMs.p50} ms, p99 ${out.toBoundMs.p99} ms; bound → Running p50 ${out.boundToRunningMs.p50} ms, p99 ${out.boundToRunningMs.p99} ms`,
  ],
  { profile: f.profile, ...out },
);
process.exit(0);
