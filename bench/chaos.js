/**
 * `npm run bench -- chaos`: failure handling against the configured bounds (issue 5,
 * benchmark 6), profile fast by default. A fresh cluster with 2 schedulers, 2 controller-managers
 * and --nodes real nodes (kubelet + proxy on 127.10.0.<first…>), a Deployment of --replicas
 * bootcamp pods behind a NodePort Service. Then:
 *  1. the node running the first pod is killed (kubelet and proxy, SIGKILL): time until the Node
 *     is NotReady (bound: node-monitor grace + monitor period), until --replicas pods are Ready
 *     off that node (bound: NotReady bound + default toleration + 5 s to start), and until the
 *     Service answers --streak requests in a row from live pods through a surviving NodePort;
 *  2. the scheduler leader, then the controller-manager leader, is killed (SIGKILL): time until
 *     the standby holds the Lease (bound: lease duration + 2 × 2.2 × retry period, client-go's jitter).
 *
 * Flags: --nodes 3 --first 211 --replicas 3 --streak 20 --profile fast --no-record
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import { R, timingsFor } from '@kemu/api';
import { freePort, startCluster, waitUntil } from './lib/cluster.js';
import { report } from './lib/results.js';
import { round } from './lib/stats.js';
import { ensureNamespace } from './lib/workload.js';

const { values: f } = parseArgs({
  options: {
    nodes: { type: 'string', default: '3' },
    first: { type: 'string', default: '211' },
    replicas: { type: 'string', default: '3' },
    streak: { type: 'string', default: '20' },
    profile: { type: 'string', default: 'fast' },
    'no-record': { type: 'boolean', default: false },
  },
  strict: true,
});
const log = (s) => console.error(`[chaos] ${s}`);
const timings = timingsFor(f.profile);
const nodes = Array.from({ length: Number(f.nodes) }, (_, k) => Number(f.first) + k);
const ipOf = (i) => `127.10.${i >> 8}.${i & 255}`;
const replicas = Number(f.replicas);
const secs = (t0) => round((performance.now() - t0) / 1000, 2);

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 1000 }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve(res.statusCode === 200 ? body : undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

const isReady = (o) => o.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

const cluster = await startCluster({ profile: f.profile, scheduler: 2, controllerManager: 2, log });
let out;
try {
  const c = cluster.client;
  for (const i of nodes) {
    cluster.launch(`kubelet-${i}`, 'kubelet', [
      '--apiserver',
      cluster.url,
      '--node-name',
      `node-${i}`,
      '--node-ip',
      ipOf(i),
      '--pod-cidr',
      `127.244.${i}.0/24`,
      '--port',
      String(await freePort()),
      '--profile',
      f.profile,
      '--log-level',
      'warn',
    ]);
    cluster.launch(`proxy-${i}`, 'proxy', [
      '--apiserver',
      cluster.url,
      '--node-name',
      `node-${i}`,
      '--node-ip',
      ipOf(i),
      '--healthz-port',
      String(await freePort()),
      '--log-level',
      'warn',
    ]);
  }
  await waitUntil(async () => (await c.list(R.nodes)).items.filter(isReady).length >= nodes.length, {
    timeoutMs: 60_000,
    what: 'nodes Ready',
  });
  await ensureNamespace(c, 'bench');
  const labels = { app: 'chaos' };
  await c.create(R.deployments, 'bench', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'bench' },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'web', image: 'gcr.io/google-samples/kubernetes-bootcamp:v1', ports: [{ containerPort: 8080 }] }] },
      },
    },
  });
  const svc = await c.create(R.services, 'bench', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'bench' },
    spec: { type: 'NodePort', selector: labels, ports: [{ port: 80, targetPort: 8080 }] },
  });
  const readyPods = async (exclude) =>
    (await c.list(R.pods, { namespace: 'bench' })).items.filter(
      (p) => isReady(p) && !p.metadata.deletionTimestamp && p.spec.nodeName !== exclude,
    );
  await waitUntil(async () => (await readyPods()).length >= replicas, { timeoutMs: 60_000, intervalMs: 200, what: 'the Deployment Ready' });
  const victim = (await readyPods())[0].spec.nodeName;
  const vi = Number(victim.split('-')[1]);
  const survivor = nodes.find((i) => i !== vi);
  const url = `http://${ipOf(survivor)}:${svc.spec.ports[0].nodePort}/`;
  await waitUntil(() => get(url), { timeoutMs: 30_000, intervalMs: 200, what: 'the Service to answer' });
  log(`killing ${victim} (kubelet and proxy)`);

  const t0 = performance.now();
  await Promise.all([cluster.kill(`kubelet-${vi}`, 'SIGKILL'), cluster.kill(`proxy-${vi}`, 'SIGKILL')]);
  await waitUntil(async () => !isReady(await c.get(R.nodes, undefined, victim)), {
    timeoutMs: 120_000,
    intervalMs: 100,
    what: `${victim} NotReady`,
  });
  const notReady = secs(t0);
  log(`${victim} NotReady after ${notReady} s`);
  await waitUntil(async () => (await readyPods(victim)).length >= replicas, {
    timeoutMs: 180_000,
    intervalMs: 100,
    what: 'replacement pods Ready',
  });
  const replaced = secs(t0);
  log(`${replicas} pods Ready off ${victim} after ${replaced} s`);
  let streak = 0;
  await waitUntil(
    async () => {
      const body = await get(url);
      const pod = /Running on: (\S+)/.exec(body ?? '')?.[1];
      const live = new Set((await readyPods(victim)).map((p) => p.metadata.name));
      streak = pod && live.has(pod) ? streak + 1 : 0;
      return streak >= Number(f.streak);
    },
    { timeoutMs: 120_000, intervalMs: 0, what: 'the Service to serve from live pods' },
  );
  const serving = secs(t0);

  const leader = async (name) => (await c.get(R.leases, 'kube-system', name)).spec.holderIdentity;
  const takeover = async (kind) => {
    const lease = `kube-${kind}`;
    const was = await leader(lease);
    const t = performance.now();
    await cluster.kill(was, 'SIGKILL');
    const now = await waitUntil(
      async () => {
        const h = await leader(lease);
        return h && h !== was ? h : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 50, what: `a new ${kind} leader` },
    );
    const s = secs(t);
    log(`${kind}: ${was} killed, ${now} leading after ${s} s`);
    return { killed: was, leader: now, seconds: s };
  };
  const sched = await takeover('scheduler');
  const cm = await takeover('controller-manager');

  const le = timings.leaderElection;
  const notReadyBound = (timings.nodeMonitorGracePeriodMs + timings.nodeMonitorPeriodMs) / 1000;
  const replacedBound = notReadyBound + timings.defaultTolerationSeconds + 5;
  // client-go: a standby judges expiry on its own clock, leaseDuration after it last saw the
  // Lease change, and looks every retryPeriod × (1 + up to 1.2 jitter) — as the e2e chaos test.
  const leaderBound = round((le.leaseDurationMs + 2 * 2.2 * le.retryPeriodMs) / 1000, 1);
  out = {
    profile: f.profile,
    node: { killed: victim, notReadySeconds: notReady, notReadyBound, replacedSeconds: replaced, replacedBound, servingSeconds: serving },
    scheduler: { ...sched, bound: leaderBound },
    controllerManager: { ...cm, bound: leaderBound },
  };
} catch (err) {
  log(cluster.logTails());
  throw err;
} finally {
  await cluster.stop();
}
const mark = (v, b) => `${v} s (bound ${b} s: ${v <= b ? 'within' : 'OVER'})`;
report(
  'chaos',
  [
    `chaos (profile ${out.profile}):`,
    `  node ${out.node.killed} killed → NotReady ${mark(out.node.notReadySeconds, out.node.notReadyBound)}`,
    `    → ${replicas} pods Ready elsewhere ${mark(out.node.replacedSeconds, out.node.replacedBound)}; Service serving only live pods after ${out.node.servingSeconds} s`,
    `  scheduler leader ${out.scheduler.killed} killed → ${out.scheduler.leader} leading ${mark(out.scheduler.seconds, out.scheduler.bound)}`,
    `  controller-manager leader ${out.controllerManager.killed} killed → ${out.controllerManager.leader} leading ${mark(out.controllerManager.seconds, out.controllerManager.bound)}`,
  ],
  out,
);
process.exit(0);
