/**
 * PodDisruptionBudgets on a real kemu cluster with the real `kubectl drain`: a budget with
 * minAvailable = replicas refuses every eviction — right after it is created (its status not yet
 * observed by the disruption controller) and once observed (disruptionsAllowed 0) — also while
 * busy loops load every core. No pod of the guarded deployment is touched.
 * Run under the cluster lock: `flock /tmp/kemu-cluster.lock npx vitest run --project cluster test/e2e/disruption.test.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Cluster, waitFor, useCluster } from './harness.js';

const IMAGE = 'gcr.io/google-samples/kubernetes-bootcamp:v1';
const REPLICAS = 2;
const REFUSED = "Cannot evict pod as it would violate the pod's disruption budget.";

interface PodJson {
  metadata: { name: string; uid: string; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

const cluster = new Cluster();
const { requireCluster } = useCluster(cluster);

const isReady = (p: PodJson) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

async function readyPods(app: string): Promise<PodJson[]> {
  return waitFor(
    async () => {
      const pods = (await cluster.json<{ items: PodJson[] }>('get', 'pods', '-l', `app=${app}`)).items;
      const live = pods.filter((p) => !p.metadata.deletionTimestamp);
      return live.length === REPLICAS && live.every((p) => p.status?.phase === 'Running' && isReady(p)) ? live : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 300, what: `${REPLICAS} ready pods of ${app}` },
  );
}

/** Busy loops on every core until stopped. */
function loadCpus(): { stop(): Promise<void> } {
  const children: ChildProcess[] = cpus().map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  return {
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.kill('SIGKILL');
            }),
        ),
      );
    },
  };
}

/**
 * A deployment whose pods are all ready, then a budget demanding all of them and, at once, a
 * drain of a node that runs one: the drain must be refused and every pod must stay.
 */
async function drainIsRefused(app: string): Promise<void> {
  await cluster.k('create', 'deployment', app, `--image=${IMAGE}`, `--replicas=${REPLICAS}`);
  const before = await readyPods(app);
  const node = before[0].spec.nodeName!;
  await cluster.k('create', 'poddisruptionbudget', app, `--selector=app=${app}`, `--min-available=${REPLICAS}`);
  // --timeout 7s: one eviction at once, one more after kubectl's 5 s back-off, when the budget is observed.
  const drain = await cluster.kubectl('drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--force', '--timeout=7s');
  const out = drain.stdout + drain.stderr;
  expect(drain.code, out).toBe(1);
  expect(out).toContain(REFUSED);
  expect(out).not.toContain(`node/${node} drained`);
  const after = (await cluster.json<{ items: PodJson[] }>('get', 'pods', '-l', `app=${app}`)).items;
  expect(after.map((p) => [p.metadata.uid, p.metadata.deletionTimestamp ?? null]).sort()).toEqual(
    before.map((p) => [p.metadata.uid, null]).sort(),
  );
  const budget = await cluster.json<{ status?: { disruptionsAllowed?: number; disruptedPods?: Record<string, string> } }>(
    'get',
    'pdb',
    app,
  );
  expect(budget.status?.disruptedPods ?? {}).toEqual({});
  await cluster.k('uncordon', node);
  await cluster.k('delete', 'pdb', app);
  await cluster.k('delete', 'deployment', app);
}

describe('kubectl drain against a PodDisruptionBudget with minAvailable = replicas', () => {
  it('is refused every time, right after the budget is created', async () => {
    requireCluster();
    for (let i = 1; i <= 3; i++) await drainIsRefused(`guard-${i}`);
  }, 240_000);

  it('is refused every time while every core runs a busy loop', async () => {
    requireCluster();
    const load = loadCpus();
    try {
      for (let i = 1; i <= 3; i++) await drainIsRefused(`loaded-${i}`);
    } finally {
      await load.stop();
    }
  }, 300_000);
});
