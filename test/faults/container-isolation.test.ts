/**
 * A container cannot take its kubelet down (issue 11, Deliver 3), on a real `kemu up` cluster:
 * a Deployment writing 40 × 128 MB to files is OOMKilled again and again while every kubelet
 * stays up; a recursive `sh` with a pipeline and busy loops on the same nodes change nothing.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/redis-server.js';
import { Cluster, waitFor } from '../e2e/harness.js';

const cluster = new Cluster();
let upFailed: Error | undefined;

interface PodList {
  items: {
    status?: { containerStatuses?: { restartCount?: number; lastState?: { terminated?: { reason?: string; exitCode?: number } } }[] };
  }[];
}

beforeAll(async () => {
  const r = await cluster.kemu(['up', '--nodes', '2', '--storage', 'memory', '--detach', '--port', String(await freePort())], 150_000);
  if (r.code !== 0) upFailed = new Error(`kemu up exited ${r.code}\n${r.stdout}\n${r.stderr}`);
}, 180_000);

afterAll(async () => {
  await cluster.kemu(['down'], 60_000);
  rmSync(cluster.cacheDir, { recursive: true, force: true });
  rmSync(cluster.home, { recursive: true, force: true });
}, 90_000);

describe('isolated containers on a kemu cluster', () => {
  it('OOM-kills a memory bomb again and again while busy and recursive pods run, and no kubelet dies', async () => {
    if (upFailed) throw upFailed;
    const n = (k: number) => Array.from({ length: k }, (_, i) => i).join(' ');
    const bomb = `x=a; for i in ${n(27)}; do x=$x$x; done; for i in ${n(40)}; do echo $x > /tmp/f$i; done`;
    await cluster.k('create', 'deployment', 'bomb', '--image=busybox', '--replicas=2', '--', 'sh', '-c', bomb);
    await cluster.k('create', 'deployment', 'busy', '--image=busybox', '--replicas=4', '--', 'sh', '-c', 'while true; do :; done');
    const recursive = "echo 'echo x; sh /tmp/r | cat' > /tmp/r; sh /tmp/r; echo 'echo y; sh /tmp/s' > /tmp/s; sh /tmp/s; sleep 3600";
    await cluster.k('create', 'deployment', 'recursive', '--image=busybox', '--', 'sh', '-c', recursive);
    await waitFor(
      async () => {
        const pods = JSON.parse(await cluster.k('get', 'pods', '-l', 'app=bomb', '-o', 'json')) as PodList;
        const statuses = pods.items.flatMap((p) => p.status?.containerStatuses ?? []);
        return (
          statuses.length === 2 &&
          statuses.every(
            (s) => (s.restartCount ?? 0) >= 2 && s.lastState?.terminated?.reason === 'OOMKilled' && s.lastState.terminated.exitCode === 137,
          )
        );
      },
      { timeoutMs: 120_000, intervalMs: 1000, what: 'both bombs OOMKilled at least twice' },
    );
    const status = await cluster.kemuOk('status');
    const kubelets = status.split('\n').filter((l) => /^\s*kubelet/.test(l));
    expect(kubelets.length).toBeGreaterThan(0);
    for (const line of kubelets) expect(line).toMatch(/\byes\b/); // running and answering
    const nodes = await cluster.k('get', 'nodes', '--no-headers');
    expect(nodes.trim().split('\n')).toHaveLength(2);
    expect(nodes).not.toMatch(/NotReady/);
    await cluster.k('rollout', 'status', 'deployment/recursive', '--timeout=60s');
  }, 240_000);
});
