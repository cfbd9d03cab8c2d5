/**
 * `npm run bench -- scheduler-core`: the scheduler alone, in one process — no apiserver, no
 * Redis, no hollow nodes: a FakeClient holds --nodes Ready nodes and --pods pending pods of one
 * ReplicaSet (10m cpu, 16Mi each), the Scheduler runs its real queue, cache, plugins and
 * binder against it, and the rate is pods bound per second from the scheduler's start (after
 * informer sync). It separates the scheduler's own cost (CPU ms per pod) from the cluster
 * benchmark (`scheduler`), which the apiserver bounds on a small machine. Also reports how evenly
 * the ReplicaSet spread (min/max pods per node).
 *
 * Flags: --nodes 1000 --pods 10000 --no-record
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { R } from '@kemu/api';
import { SharedInformerFactory, silentLogger } from '@kemu/client';
import { FakeClient } from '@kemu/client/testing';
import { Scheduler } from '@kemu/scheduler';
import { report } from './lib/results.js';
import { round } from './lib/stats.js';

const alloc = { cpu: '32', memory: '128Gi', pods: '110' };
const node = (i) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: `node-${i}`, uid: `node-uid-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}` } },
  spec: {},
  status: {
    allocatable: alloc,
    capacity: alloc,
    conditions: ['MemoryPressure', 'DiskPressure', 'PIDPressure']
      .map((type) => ({ type, status: 'False' }))
      .concat([{ type: 'Ready', status: 'True' }]),
  },
});
const pod = (i) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: `p-${i}`,
    namespace: 'bench',
    uid: `pod-uid-${i}`,
    labels: { app: 'bench' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'bench', uid: 'rs-uid', controller: true }],
  },
  spec: {
    schedulerName: 'default-scheduler',
    containers: [{ name: 'c', image: 'pause', resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
  },
  status: { phase: 'Pending' },
});

/** Schedules `pods` pending pods onto `nodes` nodes; resolves with the figures. */
export async function runSchedulerCore({ nodes, pods }) {
  const client = new FakeClient([...Array.from({ length: nodes }, (_, i) => node(i)), ...Array.from({ length: pods }, (_, i) => pod(i))]);
  const informers = new SharedInformerFactory(client);
  const scheduler = new Scheduler({ client, informers, recorder: { event() {} }, logger: silentLogger });
  const stop = new AbortController();
  informers.start(stop.signal);
  await informers.waitForCacheSync(stop.signal);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const running = scheduler.run(stop.signal);
  for (;;) {
    await new Promise((r) => setTimeout(r, 20));
    const s = scheduler.queue.stats();
    if (s.active + s.backoff + s.inFlight + s.unschedulable === 0) break;
  }
  await scheduler.waitForBindings();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  stop.abort();
  await running;
  const perNode = new Map();
  for (const p of client.trackedList(R.pods)) if (p.spec.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
  const bound = [...perNode.values()].reduce((a, b) => a + b, 0);
  return {
    nodes,
    pods,
    bound,
    podsPerSecond: round(bound / seconds, 1),
    seconds: round(seconds, 2),
    cpuMsPerPod: round((cpu.user + cpu.system) / 1000 / pods, 3),
    perNodeMin: perNode.size < nodes ? 0 : Math.min(...perNode.values()),
    perNodeMax: Math.max(0, ...perNode.values()),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values: f } = parseArgs({
    options: {
      nodes: { type: 'string', default: '1000' },
      pods: { type: 'string', default: '10000' },
      'no-record': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const out = await runSchedulerCore({ nodes: Number(f.nodes), pods: Number(f.pods) });
  report(
    'scheduler-core',
    [
      `scheduler-core: ${out.pods} pending pods on ${out.nodes} nodes, in one process (FakeClient, no apiserver)`,
      `  ${out.podsPerSecond} pods bound/s; ${out.cpuMsPerPod} ms CPU per pod; all bound after ${out.seconds} s`,
      `  spread of the ReplicaSet: ${out.perNodeMin}–${out.perNodeMax} pods per node`,
    ],
    out,
  );
  process.exit(0);
}
