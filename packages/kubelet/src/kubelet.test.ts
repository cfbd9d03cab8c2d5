import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { R, type Lease, type Node, type Pod } from '@kemu/api';
import { FakeClient, waitFor } from '@kemu/client/testing';
import { WebSocket } from 'ws';
import { startKubelet, type Kubelet } from './kubelet.js';

/** Runs a command over the kubelet's exec WebSocket; `input` chunks go to stdin (then CLOSE). */
function exec(
  port: number,
  pod: string,
  command: string[],
  opts: { tty?: boolean; input?: string[] } = {},
): Promise<{ out: string; err: string; status: { status: string; reason?: string; details?: { causes?: { message?: string }[] } } }> {
  const q = new URLSearchParams();
  for (const c of command) q.append('command', c);
  q.set('stdout', 'true');
  if (!opts.tty) q.set('stderr', 'true');
  if (opts.input) q.set('stdin', 'true');
  if (opts.tty) q.set('tty', 'true');
  const ws = new WebSocket(`ws://${NODE_IP}:${port}/exec/default/${pod}/kubernetes-bootcamp?${q}`, ['v5.channel.k8s.io']);
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    ws.on('open', () => {
      for (const chunk of opts.input ?? []) ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(chunk)]));
      if (opts.input && !opts.tty) ws.send(Buffer.from([255, 0]));
    });
    ws.on('message', (data: Buffer) => {
      if (data[0] === 1) out += data.subarray(1).toString();
      else if (data[0] === 2) err += data.subarray(1).toString();
      else if (data[0] === 3) resolve({ out, err, status: JSON.parse(data.subarray(1).toString()) });
    });
    ws.on('error', reject);
  });
}

const NODE = 'node-201';
const NODE_IP = '127.10.0.201';
const CIDR = '127.244.201.0/24';

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function bootcampPod(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'bootcamp' } },
    spec: {
      nodeName: NODE,
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      containers: [
        { name: 'kubernetes-bootcamp', image: 'gcr.io/google-samples/kubernetes-bootcamp:v1', ports: [{ containerPort: 8080 }] },
      ],
    },
  };
}

let kubelet: Kubelet | undefined;
afterEach(async () => {
  await kubelet?.close();
  kubelet = undefined;
});

describe('kubelet with a fake API', () => {
  it('registers its Node and heartbeats its Lease', async () => {
    const client = new FakeClient();
    kubelet = await startKubelet({ client, nodeName: NODE, nodeIP: NODE_IP, podCIDR: CIDR, port: 0 });
    await kubelet.ready();
    const node = client.tracked<Node>(R.nodes, undefined, NODE)!;
    expect(node.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': NODE,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
    });
    expect(node.spec.podCIDR).toBe(CIDR);
    expect(node.status?.addresses).toContainEqual({ type: 'InternalIP', address: NODE_IP });
    expect(node.status?.daemonEndpoints?.kubeletEndpoint?.Port).toBe(kubelet.port);
    expect(node.status?.capacity).toMatchObject({ cpu: '4', pods: '110', memory: '8388608Ki' });
    expect(node.status?.nodeInfo).toMatchObject({
      containerRuntimeVersion: 'kemu://0.1.0',
      operatingSystem: 'linux',
      architecture: 'amd64',
    });
    expect(node.status?.nodeInfo?.kubeletVersion).toMatch(/^v1\.32\.\d+-kemu$/);
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({ status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' });
    for (const t of ['MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      expect(node.status?.conditions?.find((c) => c.type === t)?.status).toBe('False');
    }
    const lease = await waitFor(() => client.tracked<Lease>(R.leases, 'kube-node-lease', NODE));
    expect(lease.spec).toMatchObject({ holderIdentity: NODE, leaseDurationSeconds: 4 });
    expect(lease.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Node', name: NODE, uid: node.metadata.uid });
    const first = lease.spec.renewTime;
    await waitFor(() => client.tracked<Lease>(R.leases, 'kube-node-lease', NODE)!.spec.renewTime !== first, { timeoutMs: 5000 });
    const health = await get(`http://${NODE_IP}:${kubelet.port}/healthz`);
    expect(health).toEqual({ status: 200, body: 'ok' });
  });

  it('takes over the Node of a previous incarnation and clears Ready=Unknown', async () => {
    const client = new FakeClient([
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: NODE, labels: { custom: 'yes' } },
        spec: { podCIDR: CIDR, podCIDRs: [CIDR] },
        status: {
          conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }],
        },
      } as Node,
    ]);
    kubelet = await startKubelet({ client, nodeName: NODE, nodeIP: NODE_IP, podCIDR: CIDR, port: 0 });
    await kubelet.ready();
    const node = client.tracked<Node>(R.nodes, undefined, NODE)!;
    expect(node.metadata.labels).toMatchObject({ custom: 'yes', 'kubernetes.io/hostname': NODE });
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
  });

  it('runs a bound pod: Running with a pod IP, answering the bootcamp text on podIP:8080, logs over the kubelet API', async () => {
    const client = new FakeClient([bootcampPod('bootcamp-1')]);
    kubelet = await startKubelet({ client, nodeName: NODE, nodeIP: NODE_IP, podCIDR: CIDR, port: 0 });
    const pod = await waitFor(
      () => {
        const p = client.tracked<Pod>(R.pods, 'default', 'bootcamp-1');
        return p?.status?.phase === 'Running' && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')
          ? p
          : undefined;
      },
      { timeoutMs: 10_000 },
    );
    const st = pod.status!;
    expect(st.podIP).toMatch(/^127\.244\.201\.\d+$/);
    expect(st.podIPs).toEqual([{ ip: st.podIP }]);
    expect(st.hostIP).toBe(NODE_IP);
    expect(st.qosClass).toBe('BestEffort');
    expect(st.startTime).toBeDefined();
    expect(st.conditions?.map((c) => c.type).sort()).toEqual([
      'ContainersReady',
      'Initialized',
      'PodReadyToStartContainers',
      'PodScheduled',
      'Ready',
    ]);
    const cs = st.containerStatuses![0];
    expect(cs).toMatchObject({
      name: 'kubernetes-bootcamp',
      ready: true,
      started: true,
      restartCount: 0,
      image: 'gcr.io/google-samples/kubernetes-bootcamp:v1',
    });
    expect(cs.containerID).toMatch(/^kemu:\/\/[0-9a-f]{64}$/);
    expect(cs.imageID).toMatch(/^gcr\.io\/google-samples\/kubernetes-bootcamp@sha256:/);
    expect(cs.state?.running?.startedAt).toBeDefined();

    const res = await get(`http://${st.podIP}:8080/`);
    expect(res).toEqual({ status: 200, body: 'Hello Kubernetes bootcamp! | Running on: bootcamp-1 | v=1\n' });

    const logs = await get(`http://${NODE_IP}:${kubelet.port}/containerLogs/default/bootcamp-1/kubernetes-bootcamp`);
    expect(logs.status).toBe(200);
    expect(logs.body).toMatch(
      /^Kubernetes Bootcamp App Started At: \d{4}-\d\d-\d\dT[\d:.]+Z \| Running On: {2}bootcamp-1\n\nRunning On: bootcamp-1 \| Total Requests: 1 \| App Uptime: [\d.]+ seconds \| Log Time: /,
    );
    const tail = await get(
      `http://${NODE_IP}:${kubelet.port}/containerLogs/default/bootcamp-1/kubernetes-bootcamp?tailLines=1&timestamps=true`,
    );
    expect(tail.body).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z Running On: bootcamp-1 \| Total Requests: 1/);
    expect((await get(`http://${NODE_IP}:${kubelet.port}/containerLogs/default/nope/c`)).status).toBe(404);
    expect((await get(`http://${NODE_IP}:${kubelet.port}/containerLogs/default/bootcamp-1/kubernetes-bootcamp?previous=true`)).status).toBe(
      400,
    );
    const list = JSON.parse((await get(`http://${NODE_IP}:${kubelet.port}/pods`)).body);
    expect(list.items.map((p: Pod) => p.metadata.name)).toEqual(['bootcamp-1']);

    const reasons = () =>
      client
        .trackedList<{ reason: string; involvedObject: { name: string }; source?: { component?: string; host?: string } } & Pod>(R.events)
        .filter((e) => e.involvedObject.name === 'bootcamp-1');
    await waitFor(() => ['Pulling', 'Pulled', 'Created', 'Started'].every((r) => reasons().some((e) => e.reason === r)));
    expect(reasons()[0].source).toEqual({ component: 'kubelet', host: NODE });
  });

  it('runs exec commands in the container over the v5 channel protocol', async () => {
    const client = new FakeClient([bootcampPod('bootcamp-x')]);
    kubelet = await startKubelet({ client, nodeName: NODE, nodeIP: NODE_IP, podCIDR: CIDR, port: 0 });
    await waitFor(() => client.tracked<Pod>(R.pods, 'default', 'bootcamp-x')?.status?.phase === 'Running', { timeoutMs: 10_000 });
    const env = await exec(kubelet.port, 'bootcamp-x', ['env']);
    expect(env.status).toEqual({ metadata: {}, status: 'Success' });
    expect(env.out).toContain('HOSTNAME=bootcamp-x\n');
    expect(env.out).toContain('KUBERNETES_SERVICE_HOST=127.96.0.1\n');
    const cat = await exec(kubelet.port, 'bootcamp-x', ['cat', 'server.js']);
    expect(cat.out).toContain('Hello Kubernetes bootcamp! | Running on: ');
    const curl = await exec(kubelet.port, 'bootcamp-x', ['curl', 'localhost:8080']);
    expect(curl.out).toBe('Hello Kubernetes bootcamp! | Running on: bootcamp-x | v=1\n');
    const fail = await exec(kubelet.port, 'bootcamp-x', ['sh', '-c', 'echo oops >&2; exit 3']);
    expect(fail.status).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ message: '3' }] } });
    const missing = await exec(kubelet.port, 'bootcamp-x', ['frobnicate']);
    expect(missing.err).toBe('sh: frobnicate: not found\n');
    const piped = await exec(kubelet.port, 'bootcamp-x', ['sh'], { input: ['echo one; ', 'hostname\n'] });
    expect(piped.out).toBe('one\nbootcamp-x\n');
    expect(fail.err).toBe('oops\n');
    const tty = await exec(kubelet.port, 'bootcamp-x', ['bash'], { tty: true, input: ['echo hi\r', 'cd /etc\r', 'pwd\r', 'exit 4\r'] });
    expect(tty.out).toBe(
      'root@bootcamp-x:/# echo hi\r\nhi\r\nroot@bootcamp-x:/# cd /etc\r\nroot@bootcamp-x:/etc# pwd\r\n/etc\r\nroot@bootcamp-x:/etc# exit 4\r\n',
    );
    expect(tty.status).toMatchObject({ status: 'Failure', details: { causes: [{ message: '4' }] } });
  });

  it('OOM-kills a container that writes 40 × 128 MB to files, and stays up', async () => {
    const n = (k: number) => Array.from({ length: k }, (_, i) => i).join(' ');
    const script = `x=a; for i in ${n(27)}; do x=$x$x; done; for i in ${n(40)}; do echo $x > /tmp/f$i; done`;
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'bomb', namespace: 'default' },
      spec: { nodeName: NODE, restartPolicy: 'Never', containers: [{ name: 'bomb', image: 'busybox', command: ['sh', '-c', script] }] },
    };
    const client = new FakeClient([pod]);
    kubelet = await startKubelet({ client, nodeName: NODE, nodeIP: NODE_IP, podCIDR: CIDR, port: 0 });
    const terminated = await waitFor(
      () => client.tracked<Pod>(R.pods, 'default', 'bomb')?.status?.containerStatuses?.[0]?.state?.terminated,
      {
        timeoutMs: 20_000,
      },
    );
    expect([terminated.exitCode, terminated.reason]).toEqual([137, 'OOMKilled']);
    expect(client.tracked<Pod>(R.pods, 'default', 'bomb')?.status?.phase).toBe('Failed');
    expect((await get(`http://${NODE_IP}:${kubelet.port}/healthz`)).body).toBe('ok');
  });

  it('OOM-kills the container, not the kubelet, when exec stdin passes its memory limit', async () => {
    const pod = bootcampPod('hungry');
    pod.spec.containers[0].resources = { limits: { memory: '2Mi' } };
    const client = new FakeClient([pod]);
    kubelet = await startKubelet({ client, nodeName: NODE, nodeIP: NODE_IP, podCIDR: CIDR, port: 0 });
    await waitFor(() => client.tracked<Pod>(R.pods, 'default', 'hungry')?.status?.phase === 'Running', { timeoutMs: 10_000 });
    const chunk = 'z'.repeat(256 * 1024);
    const r = await exec(kubelet.port, 'hungry', ['cat'], { input: Array.from({ length: 16 }, () => chunk) });
    expect(r.status).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ message: '137' }] } });
    const cs = await waitFor(() => {
      const s = client.tracked<Pod>(R.pods, 'default', 'hungry')?.status?.containerStatuses?.[0];
      return s?.lastState?.terminated ?? (s?.state?.terminated ? s.state.terminated : undefined);
    });
    expect([cs.exitCode, cs.reason]).toEqual([137, 'OOMKilled']);
    expect((await get(`http://${NODE_IP}:${kubelet.port}/healthz`)).body).toBe('ok');
  });

  it('restarts a container whose image changed in the pod spec', async () => {
    const client = new FakeClient([bootcampPod('mutable')]);
    kubelet = await startKubelet({ client, nodeName: NODE, nodeIP: NODE_IP, podCIDR: CIDR, port: 0 });
    const before = await waitFor(
      () => {
        const p = client.tracked<Pod>(R.pods, 'default', 'mutable');
        return p?.status?.phase === 'Running' ? p : undefined;
      },
      { timeoutMs: 10_000 },
    );
    const next = structuredClone(before);
    next.spec.containers[0].image = 'jocatalin/kubernetes-bootcamp:v2';
    await client.update(R.pods, next);
    const after = await waitFor(
      () => {
        const cs = client.tracked<Pod>(R.pods, 'default', 'mutable')?.status?.containerStatuses?.[0];
        return cs?.state?.running && cs.image === 'docker.io/jocatalin/kubernetes-bootcamp:v2' ? cs : undefined;
      },
      { timeoutMs: 10_000 },
    );
    expect(after.restartCount).toBe(1);
    expect((await get(`http://${before.status!.podIP}:8080/`)).body).toBe('Hello Kubernetes bootcamp! | Running on: mutable | v=2\n');
    await waitFor(() =>
      client
        .trackedList<{ reason: string; message: string } & Pod>(R.events)
        .some((e) => e.reason === 'Killing' && e.message === 'Container kubernetes-bootcamp definition changed, will be restarted'),
    );
  });

  it('completes graceful deletion: stops the containers, then deletes the pod', async () => {
    const client = new FakeClient([bootcampPod('bootcamp-2')]);
    kubelet = await startKubelet({ client, nodeName: NODE, nodeIP: NODE_IP, podCIDR: CIDR, port: 0 });
    const ip = (
      await waitFor(
        () => {
          const p = client.tracked<Pod>(R.pods, 'default', 'bootcamp-2');
          return p?.status?.phase === 'Running' ? p : undefined;
        },
        { timeoutMs: 10_000 },
      )
    ).status!.podIP!;
    expect((await get(`http://${ip}:8080/`)).status).toBe(200);
    await client.delete(R.pods, 'default', 'bootcamp-2');
    expect(client.tracked<Pod>(R.pods, 'default', 'bootcamp-2')?.metadata.deletionTimestamp).toBeDefined();
    await waitFor(() => client.tracked<Pod>(R.pods, 'default', 'bootcamp-2') === undefined, { timeoutMs: 10_000 });
    const del = client.actions.find(
      (a) => a.verb === 'delete' && a.name === 'bootcamp-2' && (a.options as { gracePeriodSeconds?: number })?.gracePeriodSeconds === 0,
    );
    expect(del?.options).toMatchObject({ gracePeriodSeconds: 0, preconditions: { uid: expect.any(String) } });
    await expect(get(`http://${ip}:8080/`)).rejects.toThrow(/ECONNREFUSED/);
    await waitFor(() =>
      client
        .trackedList<{ reason: string; message: string } & Pod>(R.events)
        .some((e) => e.reason === 'Killing' && e.message === 'Stopping container kubernetes-bootcamp'),
    );
  });

  it('tears down a pod deleted outright and restarts pods left by a previous incarnation', async () => {
    const old = bootcampPod('survivor');
    old.status = {
      phase: 'Running',
      podIP: '127.244.201.77',
      containerStatuses: [
        {
          name: 'kubernetes-bootcamp',
          ready: true,
          restartCount: 2,
          image: 'x',
          imageID: 'y',
          state: { running: { startedAt: '2024-01-01T00:00:00Z' } },
        },
      ],
    };
    const client = new FakeClient([old, bootcampPod('doomed')]);
    kubelet = await startKubelet({ client, nodeName: NODE, nodeIP: NODE_IP, podCIDR: CIDR, port: 0 });
    const survivor = await waitFor(
      () => {
        const p = client.tracked<Pod>(R.pods, 'default', 'survivor');
        return p?.status?.containerStatuses?.[0]?.state?.running && p.status.containerStatuses[0].restartCount === 3 ? p : undefined;
      },
      { timeoutMs: 10_000 },
    );
    expect(survivor.status!.podIP).toBe('127.244.201.77');
    expect(survivor.status!.containerStatuses![0].lastState?.terminated).toMatchObject({ exitCode: 255, reason: 'Unknown' });
    const doomedIP = (
      await waitFor(
        () =>
          client.tracked<Pod>(R.pods, 'default', 'doomed')?.status?.podIP &&
          client.tracked<Pod>(R.pods, 'default', 'doomed')?.status?.phase === 'Running'
            ? client.tracked<Pod>(R.pods, 'default', 'doomed')
            : undefined,
        { timeoutMs: 10_000 },
      )
    ).status!.podIP!;
    await client.delete(R.pods, 'default', 'doomed', { gracePeriodSeconds: 0 });
    await waitFor(
      async () =>
        get(`http://${doomedIP}:8080/`).then(
          () => false,
          () => true,
        ),
      { timeoutMs: 5000 },
    );
  });
});
