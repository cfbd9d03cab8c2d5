/**
 * `npm run bench -- proxy`: the Service data path (issue 5, benchmark 5). A fresh cluster with
 * one full node (a real kubelet and proxy on 127.10.0.<--node-index>), one nginx pod behind a
 * NodePort Service, and Debian's `wrk` (apt-get install -y wrk) in one run against
 *   direct    podIP:80
 *   ClusterIP clusterIP:80          (through the node's proxy)
 *   NodePort  nodeIP:nodePort       (through the node's proxy)
 * each --secs long, --conc connections, rounds alternating so drift hits all three; reported:
 * requests/s (median of --rounds), p99 latency, the ratios to direct, and wrk's errors summed
 * over the rounds (socket connect/read/write/timeout errors and non-2xx/3xx responses).
 *
 * Flags: --node-index 201 --conc 32 --secs 5 --rounds 2 --threads 1 --no-record
 */
import { execFile } from 'node:child_process';
import { parseArgs } from 'node:util';
import { R } from '@kemu/api';
import { freePort, startCluster, waitUntil } from './lib/cluster.js';
import { report } from './lib/results.js';
import { median, round } from './lib/stats.js';
import { ensureNamespace } from './lib/workload.js';
import { describeErrors, parseWrk, sumErrors } from './lib/wrk.js';

const { values: f } = parseArgs({
  options: {
    'node-index': { type: 'string', default: '201' },
    conc: { type: 'string', default: '32' },
    secs: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
    threads: { type: 'string', default: '1' },
    profile: { type: 'string', default: 'fast' },
    'no-record': { type: 'boolean', default: false },
  },
  strict: true,
});
const log = (s) => console.error(`[proxy] ${s}`);
const idx = Number(f['node-index']);
const nodeName = `node-${idx}`;
const nodeIP = `127.10.${idx >> 8}.${idx & 255}`;

function wrk(url) {
  return new Promise((resolve, reject) => {
    execFile(
      'wrk',
      ['-t', f.threads, '-c', f.conc, '-d', `${f.secs}s`, '--latency', url],
      { timeout: (Number(f.secs) + 30) * 1000 },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`wrk ${url}: ${err.message} ${stderr} (apt-get install -y wrk)`));
          return;
        }
        resolve(parseWrk(stdout));
      },
    );
  });
}

const cluster = await startCluster({ profile: f.profile, log });
let out;
try {
  const kp = await freePort();
  cluster.launch('kubelet', 'kubelet', [
    '--apiserver',
    cluster.url,
    '--node-name',
    nodeName,
    '--node-ip',
    nodeIP,
    '--pod-cidr',
    `127.244.${idx}.0/24`,
    '--port',
    String(kp),
    '--profile',
    f.profile,
    '--log-level',
    'warn',
  ]);
  cluster.launch('proxy', 'proxy', [
    '--apiserver',
    cluster.url,
    '--node-name',
    nodeName,
    '--node-ip',
    nodeIP,
    '--healthz-port',
    String(await freePort()),
    '--log-level',
    'warn',
  ]);
  await ensureNamespace(cluster.client, 'bench');
  const labels = { app: 'bench-web' };
  await cluster.client.create(R.pods, 'bench', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'bench', labels },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
  });
  const svc = await cluster.client.create(R.services, 'bench', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'bench' },
    spec: { type: 'NodePort', selector: labels, ports: [{ port: 80, targetPort: 80 }] },
  });
  const pod = await waitUntil(
    async () => {
      const p = await cluster.client.get(R.pods, 'bench', 'web');
      return p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? p : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 200, what: 'the nginx pod Ready' },
  );
  const targets = {
    direct: `http://${pod.status.podIP}:80/`,
    clusterIP: `http://${svc.spec.clusterIP}:80/`,
    nodePort: `http://${nodeIP}:${svc.spec.ports[0].nodePort}/`,
  };
  // The proxy programs the Service once it sees the endpoints: wait until both paths answer.
  for (const url of [targets.clusterIP, targets.nodePort]) {
    await waitUntil(
      async () =>
        await fetch(url).then(
          (r) => r.ok,
          () => false,
        ),
      { timeoutMs: 30_000, intervalMs: 200, what: `${url} to answer` },
    );
  }
  const runs = { direct: [], clusterIP: [], nodePort: [] };
  for (let r = 0; r < Number(f.rounds); r++) {
    for (const [k, url] of Object.entries(targets)) {
      const res = await wrk(url);
      runs[k].push(res);
      log(`round ${r + 1} ${k}: ${res.rps} req/s, p99 ${res.p99Ms} ms, ${res.requests} requests, errors: ${describeErrors(res.errors)}`);
    }
  }
  const sum = (k) => ({
    rps: round(median(runs[k].map((x) => x.rps)), 0),
    p99Ms: round(median(runs[k].map((x) => x.p99Ms)), 2),
    requests: runs[k].reduce((n, x) => n + x.requests, 0),
    errors: sumErrors(runs[k].map((x) => x.errors)),
  });
  const d = sum('direct'),
    c = sum('clusterIP'),
    n = sum('nodePort');
  out = {
    concurrency: Number(f.conc),
    seconds: Number(f.secs),
    rounds: Number(f.rounds),
    direct: d,
    clusterIP: c,
    nodePort: n,
    clusterIPRatio: round(c.rps / d.rps, 3),
    nodePortRatio: round(n.rps / d.rps, 3),
    clusterIPAddedP99Ms: round(c.p99Ms - d.p99Ms, 2),
    nodePortAddedP99Ms: round(n.p99Ms - d.p99Ms, 2),
    errors: sumErrors([d.errors, c.errors, n.errors]).total,
  };
} catch (err) {
  log(cluster.logTails());
  throw err;
} finally {
  await cluster.stop();
}
const signed = (x) => (x >= 0 ? `+${x}` : `${x}`);
const errs = (x) => `wrk errors over ${x.requests} requests: ${describeErrors(x.errors)}`;
report(
  'proxy',
  [
    `proxy: nginx pod on ${nodeName}, wrk -t${f.threads} -c${f.conc} -d${f.secs}s, median of ${f.rounds} rounds`,
    `  direct     ${out.direct.rps} req/s, p99 ${out.direct.p99Ms} ms; ${errs(out.direct)}`,
    `  ClusterIP  ${out.clusterIP.rps} req/s, p99 ${out.clusterIP.p99Ms} ms — ${round(out.clusterIPRatio * 100, 1)} % of direct, ` +
      `p99 ${signed(out.clusterIPAddedP99Ms)} ms; ${errs(out.clusterIP)}`,
    `  NodePort   ${out.nodePort.rps} req/s, p99 ${out.nodePort.p99Ms} ms — ${round(out.nodePortRatio * 100, 1)} % of direct, ` +
      `p99 ${signed(out.nodePortAddedP99Ms)} ms; ${errs(out.nodePort)}`,
    ...(out.errors > 0 ? [`  WARNING: wrk counted ${out.errors} errors; requests/s include failed requests`] : []),
  ],
  out,
);
process.exit(0);
