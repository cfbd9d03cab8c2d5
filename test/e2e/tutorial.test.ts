/**
 * The judge: a real 3-node cluster started with the built `kemu up`, driven with the real
 * `kubectl` on PATH through the Kubernetes Basics tutorial (issue 2, "How it will be judged"
 * 1–10), with HTTP from this process to pod IPs, node IPs (NodePorts) and ClusterIPs.
 * Every wait polls a condition with a deadline; nothing sleeps for a fixed time.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/redis-server.js';
import { Cluster, freshDir, holdsFor, httpGet, parseBootcamp, tryGet, waitFor } from './harness.js';

const NODE_IPS = ['127.10.0.1', '127.10.0.2', '127.10.0.3'];
const APP = 'kubernetes-bootcamp';
const V1 = 'gcr.io/google-samples/kubernetes-bootcamp:v1';
const V2 = 'jocatalin/kubernetes-bootcamp:v2';
const V10 = 'gcr.io/google-samples/kubernetes-bootcamp:v10';

interface PodLike {
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string; uid: string };
  spec: { nodeName?: string; containers: { image: string }[] };
  status: {
    phase?: string;
    podIP?: string;
    containerStatuses?: { ready: boolean; image: string; state?: Record<string, { reason?: string }> }[];
  };
}

const cluster = new Cluster();
const manifests = freshDir('kemu-manifests-');
let upFailed: Error | undefined;
let port = 0;

/** Pods of a label selector, without the ones being deleted. */
async function pods(selector: string): Promise<PodLike[]> {
  const list = await cluster.json<{ items: PodLike[] }>('get', 'pods', '-l', selector);
  return list.items.filter((p) => !p.metadata.deletionTimestamp);
}

function isRunningReady(p: PodLike): boolean {
  return p.status.phase === 'Running' && !!p.status.podIP && (p.status.containerStatuses ?? []).every((c) => c.ready);
}

async function runningPods(selector: string, n: number, timeoutMs = 60_000): Promise<PodLike[]> {
  return waitFor(
    async () => {
      const all = await cluster.json<{ items: PodLike[] }>('get', 'pods', '-l', selector);
      return all.items.length === n && all.items.every((p) => !p.metadata.deletionTimestamp && isRunningReady(p)) ? all.items : undefined;
    },
    { timeoutMs, intervalMs: 400, what: `exactly ${n} Running+Ready pods for ${selector}` },
  );
}

async function nodePortOf(service: string): Promise<{ clusterIP: string; nodePort: number }> {
  const svc = await cluster.json<{ spec: { clusterIP: string; ports: { nodePort: number }[] } }>('get', 'service', service);
  return { clusterIP: svc.spec.clusterIP, nodePort: svc.spec.ports[0].nodePort };
}

/** Fresh-connection requests until one answers like the bootcamp app, returning it parsed. */
async function bootcampAnswer(url: string, timeoutMs = 20_000, version?: string) {
  return waitFor(
    async () => {
      const body = await tryGet(url);
      const b = body ? parseBootcamp(body) : undefined;
      return b && (!version || b.version === version) ? b : undefined;
    },
    { timeoutMs, intervalMs: 200, what: `a bootcamp answer${version ? ` with v=${version}` : ''} from ${url}` },
  );
}

/** The rows of `kemu status`. */
function statusRows(text: string): { name: string; pid: string; address: string; healthy: string; leader: string; restarts: string }[] {
  const lines = text.trim().split('\n');
  const header = lines.findIndex((l) => l.startsWith('COMPONENT'));
  return lines.slice(header + 1).map((l) => {
    const [name, pid, address, healthy, leader, restarts] = l.trim().split(/\s+/);
    return { name, pid, address, healthy, leader, restarts };
  });
}

function requireCluster(): void {
  if (upFailed) throw new Error(`the cluster did not start: ${upFailed.message}`);
}

beforeAll(async () => {
  port = await freePort();
  const r = await cluster.kemu(
    [
      'up',
      '--nodes',
      '3',
      '--storage',
      'redis',
      '--detach',
      '--port',
      String(port),
      '--scheduler-replicas',
      '2',
      '--controller-manager-replicas',
      '2',
    ],
    150_000,
  );
  if (r.code !== 0) {
    upFailed = new Error(`kemu up exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    console.error(upFailed.message + '\n' + cluster.logTails(25));
  }
}, 180_000);

afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail') {
    console.error(`\n===== component logs after failed step "${ctx.task.name}" =====\n${cluster.logTails()}`);
  }
});

afterAll(async () => {
  const r = await cluster.kemu(['down'], 60_000);
  if (r.code !== 0) console.error(`kemu down: ${r.stdout}${r.stderr}`);
  rmSync(cluster.cacheDir, { recursive: true, force: true });
  rmSync(manifests, { recursive: true, force: true });
  rmSync(cluster.home, { recursive: true, force: true });
}, 90_000);

describe('the Kubernetes Basics tutorial on a kemu cluster', () => {
  let pod = '';
  let podIP = '';
  let nodePort = 0;
  let clusterIP = '';

  it('1. kemu up: version, cluster-info and three Ready nodes', async () => {
    requireCluster();
    const version = await cluster.k('version');
    expect(version).toMatch(/Client Version: v1\.32/);
    expect(version).toMatch(/Server Version: v1\.32/);
    expect(await cluster.k('cluster-info')).toContain(`Kubernetes control plane is running at https://127.0.0.1:${port}`);
    const nodes = await cluster.k('get', 'nodes');
    expect(nodes).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/);
    for (const n of ['node-1', 'node-2', 'node-3']) expect(nodes).toMatch(new RegExp(`^${n}\\s+Ready\\s`, 'm'));
    const status = await cluster.kemuOk('status');
    expect(status).toMatch(/^COMPONENT\s+PID\s+ADDRESS\s+HEALTHY\s+LEADER\s+RESTARTS\s+LAST EXIT/m);
    // kemu up --detach left a supervisor running.
    expect(status).toMatch(/^supervisor: pid \d+/m);
    const rows = statusRows(status);
    expect(rows.map((r) => r.name)).toEqual([
      'redis',
      'apiserver',
      'controller-manager-1',
      'controller-manager-2',
      'scheduler-1',
      'scheduler-2',
      'kubelet-1',
      'proxy-1',
      'kubelet-2',
      'proxy-2',
      'kubelet-3',
      'proxy-3',
    ]);
    expect(rows.filter((r) => r.healthy !== 'yes')).toEqual([]);
    expect(rows.filter((r) => r.name.startsWith('scheduler-') && r.leader === 'yes')).toHaveLength(1);
    expect(rows.filter((r) => r.name.startsWith('controller-manager-') && r.leader === 'yes')).toHaveLength(1);
  }, 60_000);

  it('2. create deployment: READY 1/1, pod IP and node, describe, logs, curl the pod', async () => {
    requireCluster();
    expect(await cluster.k('create', 'deployment', APP, `--image=${V1}`)).toContain(`deployment.apps/${APP} created`);
    await waitFor(async () => /^kubernetes-bootcamp\s+1\/1\s+1\s+1\s/m.test(await cluster.k('get', 'deployments')), {
      timeoutMs: 60_000,
      what: 'get deployments to show READY 1/1',
    });
    const wide = await cluster.k('get', 'pods', '-o', 'wide');
    const m = /^(kubernetes-bootcamp-\S+)\s+1\/1\s+Running\s+\d+\s+\S+\s+(127\.244\.\d+\.\d+)\s+(node-\d)\s/m.exec(wide);
    expect(m, wide).toBeTruthy();
    [, pod, podIP] = m!;
    const describe = await waitFor(
      async () => {
        const d = await cluster.k('describe', 'pods');
        return /Started/.test(d) ? d : undefined;
      },
      { timeoutMs: 20_000, what: 'describe pods to list the Started event' },
    );
    for (const part of ['Containers:', `${APP}:`, V1, 'Conditions:', 'Ready', 'Events:', 'Scheduled', `IP:`, podIP]) {
      expect(describe).toContain(part);
    }
    const logs = await cluster.k('logs', pod);
    expect(logs).toMatch(new RegExp(`Kubernetes Bootcamp App Started At: .* \\| Running On: +${pod}`));
    const answer = await httpGet(`http://${podIP}:8080/`);
    expect(answer.body).toContain(`Hello Kubernetes bootcamp! | Running on: ${pod} | v=1`);
  }, 120_000);

  it('3. expose as NodePort: ClusterIP and NodePort answer on every node', async () => {
    requireCluster();
    expect(await cluster.k('expose', `deployment/${APP}`, '--type=NodePort', '--port', '8080')).toContain(`service/${APP} exposed`);
    const services = await cluster.k('get', 'services');
    const m = /^kubernetes-bootcamp\s+NodePort\s+(127\.96\.\d+\.\d+)\s+<none>\s+8080:(3\d{4})\/TCP/m.exec(services);
    expect(m, services).toBeTruthy();
    clusterIP = m![1];
    nodePort = Number(m![2]);
    expect(services).toMatch(/^kubernetes\s+ClusterIP\s+127\.96\.0\.1\s+<none>\s+443\/TCP/m);
    await waitFor(async () => (await cluster.k('describe', `services/${APP}`)).includes(`${podIP}:8080`), {
      timeoutMs: 20_000,
      what: 'describe service to list the endpoint',
    });
    for (const ip of NODE_IPS) expect((await bootcampAnswer(`http://${ip}:${nodePort}/`)).pod).toBe(pod);
    expect((await bootcampAnswer(`http://${clusterIP}:8080/`)).pod).toBe(pod);
  }, 90_000);

  it('4. labels: select by app, add version=v1, select by version', async () => {
    requireCluster();
    expect(await cluster.k('get', 'pods', '-l', `app=${APP}`)).toContain(pod);
    expect(await cluster.k('label', 'pods', pod, 'version=v1')).toContain(`pod/${pod} labeled`);
    expect(await cluster.k('get', 'pods', '-l', 'version=v1')).toContain(pod);
    expect((await cluster.kubectl('get', 'pods', '-l', 'version=v2')).stderr).toContain('No resources found');
  }, 30_000);

  it('5. scale to 4: spread over the nodes, rs 4/4/4, NodePort balances; scale back to 2', async () => {
    requireCluster();
    expect(await cluster.k('scale', `deployments/${APP}`, '--replicas=4')).toContain('scaled');
    const four = await runningPods(`app=${APP}`, 4);
    expect(new Set(four.map((p) => p.spec.nodeName)).size).toBe(3);
    await waitFor(async () => /^kubernetes-bootcamp-\S+\s+4\s+4\s+4\s/m.test(await cluster.k('get', 'rs')), {
      timeoutMs: 20_000,
      what: 'get rs to show 4 4 4',
    });
    await waitFor(
      async () => {
        const ep = await cluster.json<{ subsets?: { addresses?: unknown[] }[] }>('get', 'endpoints', APP);
        return (ep.subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0), 0) === 4;
      },
      { timeoutMs: 20_000, what: 'the service to have 4 ready endpoints' },
    );
    const seen = new Set<string>();
    await waitFor(
      async () => {
        for (let i = 0; i < 40; i++) {
          const b = parseBootcamp((await httpGet(`http://${NODE_IPS[i % 3]}:${nodePort}/`)).body);
          if (b) seen.add(b.pod);
        }
        return seen.size >= 3;
      },
      { timeoutMs: 15_000, what: '40 NodePort requests to reach at least 3 distinct pods' },
    );
    expect(seen.size).toBeGreaterThanOrEqual(3);

    expect(await cluster.k('scale', `deployments/${APP}`, '--replicas=2')).toContain('scaled');
    await runningPods(`app=${APP}`, 2);
  }, 150_000);

  it('6. set image v2: rollout completes, answers say v=2, no request fails during the rollout', async () => {
    requireCluster();
    let stop = false;
    const failures: string[] = [];
    let ok = 0;
    const loop = (async () => {
      while (!stop) {
        try {
          const r = await httpGet(`http://${NODE_IPS[ok % 3]}:${nodePort}/`, 3000);
          if (r.status === 200 && parseBootcamp(r.body)) ok++;
          else failures.push(`status ${r.status}: ${r.body.slice(0, 80)}`);
        } catch (err) {
          failures.push((err as Error).message);
        }
      }
    })();
    try {
      expect(await cluster.k('set', 'image', `deployments/${APP}`, `${APP}=${V2}`)).toContain('image updated');
      const status = await cluster.k('rollout', 'status', `deployments/${APP}`, '--timeout=120s');
      expect(status).toContain('successfully rolled out');
      await waitFor(
        async () => {
          for (let i = 0; i < 10; i++) {
            if (parseBootcamp((await httpGet(`http://${NODE_IPS[i % 3]}:${nodePort}/`)).body)?.version !== '2') return false;
          }
          return true;
        },
        { timeoutMs: 20_000, what: '10 answers in a row with v=2' },
      );
    } finally {
      stop = true;
      await loop;
    }
    expect(ok).toBeGreaterThan(10);
    expect(failures, `${failures.length} failed requests of ${ok + failures.length}: ${failures.slice(0, 5).join(' | ')}`).toEqual([]);
  }, 180_000);

  it('7. set image v10: ErrImagePull/ImagePullBackOff while v2 keeps serving; rollout undo; history', async () => {
    requireCluster();
    await cluster.k('set', 'image', `deployments/${APP}`, `${APP}=${V10}`);
    await waitFor(async () => /ErrImagePull|ImagePullBackOff/.test(await cluster.k('get', 'pods')), {
      timeoutMs: 30_000,
      what: 'get pods to show ErrImagePull or ImagePullBackOff',
    });
    await waitFor(async () => /ImagePullBackOff/.test(await cluster.k('get', 'pods')), {
      timeoutMs: 30_000,
      what: 'get pods to show ImagePullBackOff',
    });
    for (let i = 0; i < 6; i++) {
      expect(parseBootcamp((await httpGet(`http://${NODE_IPS[i % 3]}:${nodePort}/`)).body)?.version).toBe('2');
    }
    expect(await cluster.k('rollout', 'undo', `deployments/${APP}`)).toContain('rolled back');
    expect(await cluster.k('rollout', 'status', `deployments/${APP}`, '--timeout=90s')).toContain('successfully rolled out');
    await waitFor(async () => !/ErrImagePull|ImagePullBackOff|Terminating/.test(await cluster.k('get', 'pods')), {
      timeoutMs: 60_000,
      what: 'the v10 pods to be gone',
    });
    const running = await runningPods(`app=${APP}`, 2);
    expect(running.every((p) => p.spec.containers[0].image === V2)).toBe(true);
    const history = await cluster.k('rollout', 'history', `deployments/${APP}`);
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE/);
    const revisions = [...history.matchAll(/^(\d+)\s/gm)].map((r) => Number(r[1]));
    expect(revisions.length, history).toBeGreaterThanOrEqual(3);
    expect(Math.max(...revisions)).toBe(4);
  }, 180_000);

  it('8. delete the service (NodePort stops answering) and the deployment (its rs and pods go)', async () => {
    requireCluster();
    expect(await cluster.k('delete', 'service', '-l', `app=${APP}`)).toContain(`service "${APP}" deleted`);
    await waitFor(
      async () => {
        for (const ip of NODE_IPS) if ((await tryGet(`http://${ip}:${nodePort}/`, 1000)) !== undefined) return false;
        return (await tryGet(`http://${clusterIP}:8080/`, 1000)) === undefined;
      },
      { timeoutMs: 20_000, what: 'the NodePort and ClusterIP to stop answering' },
    );
    expect(await cluster.k('delete', 'deployment', APP)).toContain(`deployment.apps "${APP}" deleted`);
    await waitFor(
      async () => {
        const rs = await cluster.kubectl('get', 'rs', '-l', `app=${APP}`);
        const po = await cluster.kubectl('get', 'pods', '-l', `app=${APP}`);
        return rs.stderr.includes('No resources found') && po.stderr.includes('No resources found');
      },
      { timeoutMs: 60_000, what: 'the ReplicaSets and pods of the deployment to be gone' },
    );
  }, 120_000);

  it('9. create -f and apply -f (twice, new image the second time) with a Pod and a Deployment', async () => {
    requireCluster();
    const podYaml = (name: string, image: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: { app: ${name} }
spec:
  containers:
  - name: app
    image: ${image}
    ports: [{ containerPort: 8080 }]
`;
    const deployYaml = (name: string, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: { app: ${name} }
spec:
  replicas: 2
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
      - name: app
        image: ${image}
        ports: [{ containerPort: 8080 }]
`;
    const created = join(manifests, 'created.yaml');
    writeFileSync(created, `${podYaml('created-pod', V1)}---\n${deployYaml('created-web', V1)}`);
    const out = await cluster.k('create', '-f', created);
    expect(out).toContain('pod/created-pod created');
    expect(out).toContain('deployment.apps/created-web created');
    const [cp] = await runningPods('app=created-pod', 1);
    expect(parseBootcamp((await httpGet(`http://${cp.status.podIP}:8080/`)).body)).toEqual({ pod: 'created-pod', version: '1' });
    await runningPods('app=created-web', 2);
    expect((await cluster.kubectl('create', '-f', created)).stderr).toMatch(/AlreadyExists|already exists/);

    const applied = join(manifests, 'applied.yaml');
    writeFileSync(applied, `${podYaml('applied-pod', V1)}---\n${deployYaml('applied-web', V1)}`);
    const first = await cluster.k('apply', '-f', applied);
    expect(first).toContain('pod/applied-pod created');
    expect(first).toContain('deployment.apps/applied-web created');
    await runningPods('app=applied-web', 2);
    await runningPods('app=applied-pod', 1);

    writeFileSync(applied, `${podYaml('applied-pod', V2)}---\n${deployYaml('applied-web', V2)}`);
    const second = await cluster.k('apply', '-f', applied);
    expect(second).toContain('pod/applied-pod configured');
    expect(second).toContain('deployment.apps/applied-web configured');
    expect(await cluster.k('rollout', 'status', 'deployment/applied-web', '--timeout=90s')).toContain('successfully rolled out');
    const web = await runningPods('app=applied-web', 2);
    expect(web.every((p) => p.spec.containers[0].image === V2)).toBe(true);
    for (const p of web) expect(parseBootcamp((await httpGet(`http://${p.status.podIP}:8080/`)).body)?.version).toBe('2');
    // A Pod's container image is mutable: the kubelet restarts the container with the new image.
    const ap = await cluster.json<PodLike>('get', 'pod', 'applied-pod');
    expect(ap.spec.containers[0].image).toBe(V2);
    await bootcampAnswer(`http://${ap.status.podIP}:8080/`, 30_000, '2');
    expect(await cluster.k('apply', '-f', applied)).toMatch(/applied-web unchanged/);

    await cluster.k('delete', '-f', created, '--wait=false');
    await cluster.k('delete', '-f', applied, '--wait=false');
  }, 240_000);

  describe('10. chaos in the fast profile', () => {
    const SVC = 'chaos';
    let chaosPort = 0;

    it('kill the node running the pod: NotReady, pod replaced elsewhere, service answers; restart: Ready', async () => {
      requireCluster();
      await cluster.k('create', 'deployment', SVC, `--image=${V1}`);
      await cluster.k('expose', `deployment/${SVC}`, '--type=NodePort', '--port', '8080');
      const [victim] = await runningPods(`app=${SVC}`, 1);
      const node = victim.spec.nodeName!;
      const index = Number(node.replace('node-', ''));
      chaosPort = (await nodePortOf(SVC)).nodePort;
      await bootcampAnswer(`http://${NODE_IPS[index - 1]}:${chaosPort}/`);

      const t0 = Date.now();
      await cluster.kemuOk('kill', node);
      try {
        await waitFor(async () => new RegExp(`^${node}\\s+NotReady`, 'm').test(await cluster.k('get', 'nodes')), {
          timeoutMs: 15_000,
          what: `${node} to turn NotReady`,
        });
        const notReadyAfter = Date.now() - t0;
        const replacement = await waitFor(
          async () => {
            const ps = await pods(`app=${SVC}`);
            return ps.find((p) => p.spec.nodeName !== node && isRunningReady(p));
          },
          { timeoutMs: 30_000, what: 'a replacement pod Running on another node' },
        );
        const replacedAfter = Date.now() - t0;
        const survivor = NODE_IPS.find((_, i) => i + 1 !== index)!;
        const answer = await bootcampAnswer(`http://${survivor}:${chaosPort}/`, 20_000);
        expect(answer.pod).toBe(replacement.metadata.name);
        const answeredAfter = Date.now() - t0;
        console.log(
          `chaos: ${node} NotReady after ${notReadyAfter} ms, replacement Running after ${replacedAfter} ms, service answered after ${answeredAfter} ms`,
        );
        // Fast profile: NotReady after the 5 s grace period, eviction 5 s later, then a new pod.
        expect(answeredAfter).toBeLessThan(15_000);
      } finally {
        await cluster.kemuOk('restart', node);
      }
      await waitFor(async () => new RegExp(`^${node}\\s+Ready`, 'm').test(await cluster.k('get', 'nodes')), {
        timeoutMs: 15_000,
        what: `${node} to be Ready again`,
      });
    }, 150_000);

    it('kill scheduler and controller-manager during a scale-up: nothing progresses; restart: it converges', async () => {
      requireCluster();
      await cluster.kemuOk('kill', 'scheduler');
      await cluster.kemuOk('kill', 'controller-manager');
      try {
        const before = (await pods(`app=${SVC}`)).length;
        await cluster.k('scale', `deployment/${SVC}`, '--replicas=3');
        await holdsFor(async () => (await pods(`app=${SVC}`)).length === before, 3000);
        expect(await cluster.k('get', 'deployment', SVC)).toMatch(/^chaos\s+1\/3\s/m);
      } finally {
        await cluster.kemuOk('restart', 'scheduler');
        await cluster.kemuOk('restart', 'controller-manager');
      }
      await waitFor(async () => /^chaos\s+3\/3\s+3\s+3\s/m.test(await cluster.k('get', 'deployment', SVC)), {
        timeoutMs: 60_000,
        what: 'the deployment to converge to 3/3',
      });
    }, 120_000);

    it('kill the leading scheduler and controller-manager: the standby takes over within the lease duration', async () => {
      requireCluster();
      for (const [component, lease] of [
        ['scheduler', 'kube-scheduler'],
        ['controller-manager', 'kube-controller-manager'],
      ]) {
        type Lease = { spec: { holderIdentity?: string; acquireTime?: string } };
        const getLease = () => cluster.json<Lease>('get', 'lease', '-n', 'kube-system', lease);
        const leader = await waitFor(
          async () => {
            const h = (await getLease()).spec.holderIdentity;
            const row = statusRows(await cluster.kemuOk('status')).find((r) => r.name === h);
            return row && row.healthy === 'yes' && row.leader === 'yes' ? h : undefined;
          },
          { timeoutMs: 20_000, what: `kemu status to show the ${component} leader` },
        );
        const t0 = Date.now();
        await cluster.kemuOk('kill', leader);
        try {
          const next = await waitFor(
            async () => {
              const l = await getLease();
              return l.spec.holderIdentity && l.spec.holderIdentity !== leader ? l : undefined;
            },
            { timeoutMs: 20_000, intervalMs: 200, what: `a standby ${component} to take the lease` },
          );
          // acquireTime is written by the new leader when it takes the Lease: the exact takeover moment.
          const took = Date.parse(next.spec.acquireTime!) - t0;
          console.log(`chaos: ${next.spec.holderIdentity} took over from ${leader} ${took} ms after the kill`);
          expect(next.spec.holderIdentity!.startsWith(`${component}-`)).toBe(true);
          // As in client-go, a standby judges expiry on its own clock: leaseDuration (10 s) after it
          // last saw the Lease change, and it looks every retryPeriod (1 s) × (1 + up to 1.2 jitter).
          // So takeover lands at most leaseDuration + 2 × 2.2 × retryPeriod after the kill.
          expect(took).toBeLessThanOrEqual(10_000 + 2 * 2_200);
        } finally {
          await cluster.kemuOk('restart', leader);
        }
      }
      // The new leaders work: scale and converge.
      await cluster.k('scale', `deployment/${SVC}`, '--replicas=2');
      await runningPods(`app=${SVC}`, 2);
    }, 120_000);

    it('restart the apiserver: every component reconnects and resumes its watches, and the leaders keep their Leases', async () => {
      requireCluster();
      const leaders = async () =>
        statusRows(await cluster.kemuOk('status'))
          .filter((r) => r.leader === 'yes')
          .map((r) => r.name)
          .sort();
      const before = await leaders();
      await cluster.kemuOk('restart', 'apiserver');
      await waitFor(async () => statusRows(await cluster.kemuOk('status')).every((r) => r.healthy === 'yes'), {
        timeoutMs: 20_000,
        what: 'every component to be up and healthy after the apiserver restart',
      });
      // The restart (about 3.5 s) is shorter than the renew deadline (8 s with fast): no leader
      // lost its Lease, so none exited and none was started again.
      expect(await leaders()).toEqual(before);
      expect(statusRows(await cluster.kemuOk('status')).filter((r) => r.restarts !== '0')).toEqual([]);
      // Only working watches can get a new pod scheduled, started and routed.
      await cluster.k('scale', `deployment/${SVC}`, '--replicas=3');
      const three = await runningPods(`app=${SVC}`, 3, 60_000);
      const seen = new Set<string>();
      await waitFor(
        async () => {
          const b = parseBootcamp((await tryGet(`http://${NODE_IPS[seen.size % 3]}:${chaosPort}/`)) ?? '');
          if (b) seen.add(b.pod);
          return three.every((p) => seen.has(p.metadata.name));
        },
        { timeoutMs: 30_000, intervalMs: 100, what: 'the service to route to all three pods' },
      );
    }, 120_000);

    it('pause redis for 4 s: the leaders keep their Leases and nothing is restarted', async () => {
      requireCluster();
      const leaders = async () =>
        statusRows(await cluster.kemuOk('status'))
          .filter((r) => r.leader === 'yes')
          .map((r) => r.name)
          .sort();
      const before = await leaders();
      await cluster.kemuOk('pause', 'redis');
      try {
        // The outage itself (shorter than the 8 s renew deadline), not a wait for a condition.
        await new Promise((r) => setTimeout(r, 4000));
      } finally {
        await cluster.kemuOk('resume', 'redis');
      }
      await waitFor(async () => statusRows(await cluster.kemuOk('status')).every((r) => r.healthy === 'yes'), {
        timeoutMs: 20_000,
        what: 'every component to be up and healthy after the redis pause',
      });
      expect(await leaders()).toEqual(before);
      expect(statusRows(await cluster.kemuOk('status')).filter((r) => r.restarts !== '0')).toEqual([]);
    }, 60_000);

    it('a component that dies on its own is started again by the supervisor; kemu status counts it', async () => {
      requireCluster();
      const row = async () => statusRows(await cluster.kemuOk('status')).find((r) => r.name === 'kubelet-2')!;
      const before = await row();
      expect(before.restarts).toBe('0');
      // Not kemu kill (which the supervisor respects): the process just dies.
      process.kill(Number(before.pid), 'SIGKILL');
      await waitFor(
        async () => {
          const r = await row();
          return r.pid !== before.pid && r.restarts === '1' && r.healthy === 'yes';
        },
        { timeoutMs: 30_000, what: 'the supervisor to start kubelet-2 again' },
      );
      await waitFor(async () => /^node-2\s+Ready/m.test(await cluster.k('get', 'nodes')), {
        timeoutMs: 15_000,
        what: 'node-2 to be Ready again',
      });
    }, 60_000);

    it('kill and restart redis: every object is still there', async () => {
      requireCluster();
      const snapshot = async () => {
        const names: string[] = [];
        for (const kind of ['nodes', 'namespaces', 'deployments', 'replicasets', 'pods', 'services', 'endpoints']) {
          const list = await cluster.json<{ items: { metadata: { name: string; namespace?: string; uid: string } }[] }>('get', kind, '-A');
          for (const o of list.items) names.push(`${kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}/${o.metadata.uid}`);
        }
        return names.sort();
      };
      const before = await snapshot();
      expect(before.some((n) => n.startsWith('deployments/default/chaos/'))).toBe(true);
      await cluster.kemuOk('kill', 'redis');
      await cluster.kemuOk('restart', 'redis');
      const after = await waitFor(
        async () => {
          const s = await snapshot();
          return before.every((n) => s.includes(n)) ? s : undefined;
        },
        { timeoutMs: 30_000, what: 'every object from before the redis kill to be listed again' },
      );
      expect(after).toEqual(expect.arrayContaining(before));
      // …and the cluster still works.
      await cluster.k('scale', `deployment/${SVC}`, '--replicas=1');
      await runningPods(`app=${SVC}`, 1, 60_000);
    }, 120_000);
  });
});
