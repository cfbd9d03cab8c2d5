/**
 * `npm run bench -- scheduler`: scheduler throughput in the shape of scheduler_perf's
 * SchedulingBasic (issue 5, benchmark 2). A fresh cluster without a scheduler; --nodes
 * status-only hollow nodes; --pods pending pods created (concurrency 64); then the scheduler is
 * started and the rate of bindings is measured from a pod watch: pods bound/s between the first
 * and the last binding, and from the scheduler's start (which includes its informer sync and
 * leader election). The hollow nodes run the bound pods meanwhile, as a real cluster would.
 *
 * Flags: --nodes 1000 --pods 10000 --profile realistic --no-record
 */
import { parseArgs } from 'node:util';
import { R } from '@kemu/api';
import { startCluster, waitUntil } from './lib/cluster.js';
import { report } from './lib/results.js';
import { round } from './lib/stats.js';
import { ensureNamespace, forEachLimit, pausePod, podTimeline } from './lib/workload.js';

const { values: f } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000' },
    pods: { type: 'string', default: '10000' },
    profile: { type: 'string', default: 'realistic' },
    first: { type: 'string', default: '1001' },
    timeout: { type: 'string', default: '600' },
    'no-record': { type: 'boolean', default: false },
  },
  strict: true,
});
const nodes = Number(f.nodes);
const pods = Number(f.pods);
const log = (s) => console.error(`[scheduler] ${s}`);

const cluster = await startCluster({ profile: f.profile, scheduler: 0, log, keepLogs: !!process.env.KEMU_BENCH_KEEP_LOGS });
const abort = new AbortController();
let out;
try {
  const hollow = await cluster.hollow({ count: nodes, first: Number(f.first) });
  await waitUntil(async () => (await cluster.client.list(R.nodes)).items.length >= nodes, {
    timeoutMs: 300_000,
    intervalMs: 500,
    what: `${nodes} nodes`,
  });
  log(`${nodes} nodes registered (hollow pid ${hollow.pid})`);
  await ensureNamespace(cluster.client, 'bench');
  const tl = podTimeline(cluster.client, 'bench', abort.signal);
  const c0 = performance.now();
  await forEachLimit(pods, 64, (i) => cluster.client.create(R.pods, 'bench', pausePod(`p-${i}`, 'bench')));
  log(`${pods} pending pods created in ${round((performance.now() - c0) / 1000, 1)} s`);
  await waitUntil(() => tl.counts.added >= pods, { timeoutMs: 60_000, what: 'the pod watch to see every pod' });
  const s0 = performance.now();
  await cluster.controlPlane('scheduler', 'scheduler-1');
  let lastLog = performance.now();
  await waitUntil(
    () => {
      if (performance.now() - lastLog >= 5000) {
        lastLog = performance.now();
        log(`${tl.counts.bound} bound after ${round((performance.now() - s0) / 1000, 1)} s`);
      }
      return tl.counts.bound >= pods;
    },
    { timeoutMs: Number(f.timeout) * 1000, intervalMs: 50, what: `${pods} pods bound` },
  );
  const bound = [...tl.pods.values()].map((t) => t.bound).sort((a, b) => a - b);
  const first = bound[0],
    last = bound[bound.length - 1];
  out = {
    nodes,
    pods,
    podsPerSecond: round((pods - 1) / ((last - first) / 1000), 1),
    podsPerSecondFromStart: round(pods / ((last - s0) / 1000), 1),
    firstBindingAfterStartSeconds: round((first - s0) / 1000, 2),
    allBoundSeconds: round((last - s0) / 1000, 2),
  };
} catch (err) {
  log(cluster.logTails());
  throw err;
} finally {
  abort.abort();
  await cluster.stop();
}
report(
  'scheduler',
  [
    `scheduler: ${out.pods} pending pods on ${out.nodes} hollow nodes (profile ${f.profile})`,
    `  ${out.podsPerSecond} pods bound/s (first → last binding); ${out.podsPerSecondFromStart} pods/s from the scheduler's start`,
    `  first binding ${out.firstBindingAfterStartSeconds} s after start (process start, informer sync, leader election); all bound after ${out.allBoundSeconds} s`,
  ],
  { profile: f.profile, ...out },
);
process.exit(0);
