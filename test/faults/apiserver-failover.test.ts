/**
 * Fault: `kemu up --apiservers 2`, then SIGKILL apiserver-1 (the one every client talks to
 * first) under a write and watch load. Run under the e2e lock (fixed node IPs):
 *   flock /tmp/kemu-e2e.lock npx vitest run test/faults/apiserver-failover.test.ts
 * Checks: no acknowledged write is lost; every watch resumes on apiserver-2 from its last
 * resourceVersion and sees every write exactly once; kubectl keeps working through the
 * kubeconfig (the kubernetes Service ClusterIP); the components carry on (a new Deployment gets a
 * Ready pod); storage maintenance and the kubernetes endpoints move to apiserver-2.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NETWORK, R, type Endpoints, type KubeObject, type Lease } from '@kemu/api';
import { clientFromFlags } from '@kemu/client';
import type { ClusterState } from '@kemu/cli';
import { Cluster } from '../e2e/harness.js';
import { freePort } from '../support/redis-server.js';
import { report, until } from './processes.js';
import { RecordingWatcher } from './recording-watcher.js';

/** The ConfigMap shape this test writes. */
type ConfigMap = KubeObject & { data?: Record<string, string> };

const cluster = new Cluster();
let upError: Error | undefined;

beforeAll(async () => {
  let port = await freePort();
  while (port >= 65535) port = await freePort();
  const r = await cluster.kemu(
    ['up', '--apiservers', '2', '--storage', 'redis', '--nodes', '1', '--detach', '--port', String(port)],
    150_000,
  );
  if (r.code !== 0) upError = new Error(`kemu up exited ${r.code}\n${r.stdout}\n${r.stderr}\n${cluster.logTails(20)}`);
  else process.stdout.write(r.stdout);
}, 180_000);

afterAll(async () => {
  await cluster.kemu(['down'], 60_000);
  rmSync(cluster.cacheDir, { recursive: true, force: true });
  rmSync(cluster.home, { recursive: true, force: true });
}, 90_000);

const NS = 'fault';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\S+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
const WRITERS = 4;

describe('SIGKILL one of two apiservers under load', () => {
  it('loses no acknowledged write, every watch resumes on the other, and the cluster carries on', async () => {
    if (upError) throw upError;
    const state = JSON.parse(readFileSync(join(cluster.home, 'state.json'), 'utf8')) as ClusterState;
    const [url1, url2] = state.apiservers!;
    const kubeconfigText = readFileSync(cluster.kubeconfig, 'utf8');
    expect(kubeconfigText).toContain(`${NETWORK.kubernetesServiceIP}:443`);
    const client = clientFromFlags(`${url1},${url2}`, 'fault-test', undefined, join(cluster.home, 'pki', 'admin.kubeconfig'));
    const direct2 = clientFromFlags(url2, 'fault-test', undefined, join(cluster.home, 'pki', 'admin.kubeconfig'));
    await client.create(R.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });

    const running = new AbortController();
    const watchers = [0, 1, 2].map(() => new RecordingWatcher(client, R.configmaps, NS));
    const watching = watchers.map((w) => w.run(running.signal));
    await until(() => watchers.every((w) => w.lists > 0), 10_000, 'the watchers to list');

    const acked: { name: string; at: number }[] = [];
    let failures = 0;
    let stop = false;
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        try {
          await client.create<ConfigMap>(R.configmaps, NS, {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: `w${w}-${i}` },
            data: { i: String(i) },
          });
          acked.push({ name: `w${w}-${i}`, at: Date.now() });
        } catch {
          failures++;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    });

    await until(() => acked.length >= 200, 20_000, '200 acknowledged writes');
    // `kemu kill apiserver-1`; the moment of death is when its pid disappears (the CLI's own start-up is not counted).
    const pid = state.components.find((c) => c.name === 'apiserver-1')!.pid;
    const killing = cluster.kemuOk('kill', 'apiserver-1');
    await until(() => !alive(pid), 20_000, 'apiserver-1 to die', 2);
    const killedAt = Date.now();
    await killing;
    const killDone = killedAt;
    await until(() => acked.filter((a) => a.at > killDone).length >= 200, 30_000, '200 writes acknowledged after the kill');
    stop = true;
    await Promise.all(writers);
    const firstAckAfter = acked.find((a) => a.at > killDone)!.at;

    // Every watcher sees every acknowledged write, exactly once, in resourceVersion order.
    await until(
      () => watchers.every((w) => acked.every((a) => w.firstSeen.has(a.name))),
      20_000,
      'every watcher to see every acknowledged write',
    );
    const resumedAfter = watchers.map(
      (w) => Math.min(...acked.filter((a) => a.at > killDone).map((a) => w.firstSeen.get(a.name)!)) - killedAt,
    );
    running.abort();
    await Promise.all(watching);

    const stored = await client.list<ConfigMap>(R.configmaps, { namespace: NS });
    const names = new Set(stored.items.map((c) => c.metadata.name!));
    const missing = acked.filter((a) => !names.has(a.name));

    // kubectl through the generated kubeconfig (the kubernetes Service) still answers.
    const viaKubectl = (await cluster.k('get', 'configmaps', '-n', NS, '-o', 'name')).trim().split('\n').length;

    // The components carry on: a new Deployment gets a Ready pod (controller-manager, scheduler, kubelet).
    const deployAt = Date.now();
    await cluster.k('create', 'deployment', 'after-failover', '-n', NS, '--image=gcr.io/google-samples/kubernetes-bootcamp:v1');
    await until(
      async () => (await cluster.json('get', 'deployment', 'after-failover', '-n', NS)).status?.readyReplicas === 1,
      40_000,
      'the new Deployment to have a ready pod',
      300,
    );
    const deployReady = Date.now() - deployAt;

    // Maintenance and the kubernetes endpoints move to apiserver-2.
    await until(
      async () => (await direct2.get<Lease>(R.leases, 'kube-system', 'kemu-storage-maintenance')).spec.holderIdentity === 'apiserver-2',
      15_000,
      'apiserver-2 to run storage maintenance',
    );
    const maintenanceMoved = Date.now() - killedAt;
    const port2 = new URL(url2).port;
    await until(
      async () => {
        const ep = await direct2.get<Endpoints>(R.endpoints, 'default', 'kubernetes');
        return JSON.stringify((ep.subsets ?? []).map((s) => s.ports?.[0]?.port)) === `[${port2}]`;
      },
      15_000,
      'the kubernetes endpoints to list only apiserver-2',
    );
    const endpointsMoved = Date.now() - killedAt;
    const status = await cluster.kemuOk('status');

    report('SIGKILL apiserver-1 of 2 under 4 writers and 3 watchers', {
      'writes acknowledged': acked.length,
      'writes failed (in flight at the kill)': failures,
      'recovery (kill → first ack on apiserver-2)': `${firstAckAfter - killedAt} ms`,
      'watch resumed (kill → first event)': resumedAfter.map((t) => `${t} ms`).join(', '),
      'watch resumes / 410s': watchers.map((w) => `${w.resumes}/${w.gone}`).join(', '),
      'acknowledged writes missing': missing.length,
      'kubectl via the kubernetes Service': `${viaKubectl} configmaps listed`,
      'new Deployment ready after': `${deployReady} ms`,
      'maintenance Lease on apiserver-2 after': `≤ ${maintenanceMoved} ms`,
      'kubernetes endpoints updated after': `≤ ${endpointsMoved} ms`,
    });
    expect(missing).toEqual([]);
    for (const w of watchers) {
      expect(w.backwards()).toEqual([]);
      expect(w.resumes).toBeGreaterThanOrEqual(1);
      expect([...w.added.entries()].filter(([, n]) => n > 1)).toEqual([]);
    }
    expect(viaKubectl).toBe(stored.items.length); // acknowledged writes, plus any in flight at the kill that landed
    expect(status).toMatch(/apiserver-1\s+-\s+\S+\s+stopped\s+\S+\s+0\s+kemu kill/);
    expect(status).toMatch(/apiserver-2\s+\d+\s+\S+\s+yes\s+yes/);
  }, 150_000);
});
