import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, R, timingsFor, type ContainerStatus, type Pod } from '@kemu/api';
import { FakeClient, waitFor } from '@kemu/client/testing';
import { startKubelet, type Kubelet } from '../kubelet.js';

const NODE = 'node-202';
const NODE_IP = '127.10.0.202';
const CIDR = '127.244.202.0/24';

function pod(name: string, image: string, env: Record<string, string> = {}, restartPolicy: Pod['spec']['restartPolicy'] = 'Always'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      nodeName: NODE,
      restartPolicy,
      containers: [
        {
          name: 'c',
          image,
          imagePullPolicy: 'IfNotPresent',
          ports: [{ containerPort: 9000 }],
          env: Object.entries(env).map(([name, value]) => ({ name, value })),
        },
      ],
    },
  };
}

let kubelet: Kubelet | undefined;
afterEach(async () => {
  await kubelet?.close();
  kubelet = undefined;
});

async function setup(p: Pod) {
  const clock = new FakeClock();
  const client = new FakeClient([p], { clock });
  kubelet = await startKubelet({ client, clock, nodeName: NODE, nodeIP: NODE_IP, podCIDR: CIDR, port: 0, timings: timingsFor('fast') });
  const status = () => client.tracked<Pod>(R.pods, 'default', p.metadata.name!)?.status?.containerStatuses?.[0];
  const raw = () => client.trackedList<Pod & { reason: string; message: string; count?: number }>(R.events);
  const events = () => raw().map((e) => `${e.reason}: ${e.message}`);
  /** How many times events whose "reason: message" starts with prefix were recorded (counting repeats). */
  const count = (prefix: string) =>
    raw()
      .filter((e) => `${e.reason}: ${e.message}`.startsWith(prefix))
      .reduce((n, e) => n + (e.count ?? 1), 0);
  const until = (f: (cs: ContainerStatus) => unknown, message: string) =>
    waitFor(
      () => {
        const cs = status();
        return cs && f(cs) ? cs : undefined;
      },
      { timeoutMs: 5000, message },
    );
  /** Lets in-flight syncs finish at the current fake time. */
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  };
  return { clock, client, status, events, count, until, settle };
}

describe('simulated runtime timings (FakeClock)', () => {
  it('restarts a crashing container at once, then with CrashLoopBackOff doubling from backoffInitialMs', async () => {
    const t = await setup(pod('crasher', 'example.com/app:1', { KEMU_CRASH_AFTER_SECONDS: '2', KEMU_EXIT_CODE: '3' }));
    await waitFor(() => t.events().includes('Pulling: Pulling image "example.com/app:1"'));
    await t.clock.advance(300); // pull done
    await t.until((cs) => cs.state?.running && cs.restartCount === 0, 'first start');
    await t.clock.advance(2000); // first crash: restarted at once
    await t.until((cs) => cs.state?.running && cs.restartCount === 1, 'immediate restart');
    await t.clock.advance(2000); // second crash: back-off 1s
    const cs = await t.until((s) => s.state?.waiting?.reason === 'CrashLoopBackOff', 'CrashLoopBackOff');
    expect(cs.state!.waiting!.message).toMatch(/^back-off 1s restarting failed container=c pod=crasher_default\(/);
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(cs.restartCount).toBe(1);
    expect(cs.ready).toBe(false);
    await t.clock.advance(999);
    await t.settle();
    expect(t.status()!.state?.waiting?.reason).toBe('CrashLoopBackOff');
    await t.clock.advance(1);
    await t.until((s) => s.state?.running && s.restartCount === 2, 'restart after 1s');
    await t.clock.advance(2000); // third crash: back-off 2s
    await t.until((s) => s.state?.waiting?.message?.startsWith('back-off 2s'), 'back-off 2s');
    await t.clock.advance(1999);
    await t.settle();
    expect(t.status()!.state?.waiting?.reason).toBe('CrashLoopBackOff');
    await t.clock.advance(1);
    await t.until((s) => s.state?.running && s.restartCount === 3, 'restart after 2s');
    await waitFor(() => t.events().some((e) => e.startsWith('BackOff: Back-off restarting failed container c in pod crasher_default(')));
  });

  it('does not restart a failed container under restartPolicy Never: the pod fails', async () => {
    const t = await setup(pod('once', 'example.com/app:1', { KEMU_CRASH_AFTER_SECONDS: '1' }, 'Never'));
    await waitFor(() => t.events().some((e) => e.startsWith('Pulling')));
    await t.clock.advance(300);
    await t.until((cs) => cs.state?.running, 'running');
    await t.clock.advance(1000);
    await t.until((cs) => cs.state?.terminated?.exitCode === 1, 'terminated');
    await waitFor(() => t.client.tracked<Pod>(R.pods, 'default', 'once')?.status?.phase === 'Failed');
    await t.clock.advance(5000);
    await t.settle();
    expect(t.status()!.restartCount).toBe(0);
  });

  it('reports a missing tag as ErrImagePull, then ImagePullBackOff, retrying with doubling backoff', async () => {
    const t = await setup(pod('missing', 'jocatalin/kubernetes-bootcamp:v10'));
    await waitFor(() => t.events().some((e) => e.startsWith('Pulling')));
    await t.clock.advance(150); // the pull fails
    const e1 = await t.until((cs) => cs.state?.waiting?.reason === 'ErrImagePull', 'ErrImagePull');
    expect(e1.state!.waiting!.message).toContain('docker.io/jocatalin/kubernetes-bootcamp:v10: not found');
    expect(e1.imageID).toBe('');
    expect(t.client.tracked<Pod>(R.pods, 'default', 'missing')!.status!.phase).toBe('Pending');
    await t.clock.advance(500);
    const b1 = await t.until((cs) => cs.state?.waiting?.reason === 'ImagePullBackOff', 'ImagePullBackOff');
    expect(b1.state!.waiting!.message).toMatch(/^Back-off pulling image "jocatalin\/kubernetes-bootcamp:v10"/);
    await t.clock.advance(500); // backoff (1s) over: pull again
    await waitFor(() => t.count('Pulling') >= 2, { message: 'second pull' });
    await t.clock.advance(150);
    await t.until((cs) => cs.state?.waiting?.reason === 'ErrImagePull', 'second ErrImagePull');
    await t.clock.advance(1000);
    await t.until((cs) => cs.state?.waiting?.reason === 'ImagePullBackOff', 'second ImagePullBackOff');
    await t.clock.advance(900); // backoff is now 2s: not yet
    await t.settle();
    expect(t.status()!.state?.waiting?.reason).toBe('ImagePullBackOff');
    await waitFor(() => {
      const ev = t.events();
      return (
        ev.includes('Failed: Error: ErrImagePull') &&
        ev.includes('Failed: Error: ImagePullBackOff') &&
        ev.includes('BackOff: Back-off pulling image "jocatalin/kubernetes-bootcamp:v10"') &&
        ev.some((e) => e.startsWith('Failed: Failed to pull image "jocatalin/kubernetes-bootcamp:v10": rpc error: code = NotFound'))
      );
    });
  });

  it('turns ready only after KEMU_READY_AFTER_MS when there is no readiness probe', async () => {
    const t = await setup(pod('slow', 'example.com/app:1', { KEMU_READY_AFTER_MS: '3000' }));
    await waitFor(() => t.events().some((e) => e.startsWith('Pulling')));
    await t.clock.advance(300);
    const cs = await t.until((s) => s.state?.running, 'running');
    expect(cs.ready).toBe(false);
    await t.clock.advance(3000);
    await t.until((s) => s.ready, 'ready');
  });

  it('restarts a container whose liveness probe fails, and follows its readiness probe', async () => {
    const p = pod('probed', 'example.com/app:1', { KEMU_FAIL_PROBES_AFTER_SECONDS: '5' });
    const c = p.spec.containers[0];
    c.readinessProbe = { httpGet: { path: '/readyz', port: 9000 }, periodSeconds: 1 };
    c.livenessProbe = { httpGet: { path: '/healthz', port: 9000 }, periodSeconds: 1, failureThreshold: 2, initialDelaySeconds: 1 };
    const t = await setup(p);
    const advanceUntil = async (cond: () => unknown, what: string) => {
      for (let i = 0; i < 100; i++) {
        if (cond()) return;
        await t.clock.advance(250);
        await t.settle();
      }
      throw new Error(`never happened: ${what}`);
    };
    await waitFor(() => t.events().some((e) => e.startsWith('Pulling')));
    await advanceUntil(() => t.status()?.ready, 'ready through the readiness probe');
    expect(t.status()!.restartCount).toBe(0);
    await advanceUntil(() => t.status()?.restartCount === 1 && t.status()?.state?.running, 'restart after liveness failures');
    await waitFor(() => t.events().includes('Killing: Container c failed liveness probe, will be restarted'));
    expect(t.events()).toContain('Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500');
    expect(t.status()!.lastState?.terminated).toBeDefined();
  });

  it('OOMKills a container whose KEMU_MEMORY_USAGE exceeds its memory limit', async () => {
    const p = pod('hungry', 'example.com/app:1', { KEMU_MEMORY_USAGE: '300Mi' }, 'Never');
    p.spec.containers[0].resources = { limits: { memory: '128Mi' } };
    const t = await setup(p);
    await waitFor(() => t.events().some((e) => e.startsWith('Pulling')));
    await t.clock.advance(300);
    await t.until((cs) => cs.state?.running, 'running');
    await t.clock.advance(1000);
    const cs = await t.until((s) => s.state?.terminated, 'terminated');
    expect(cs.state!.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });

  it('runs init containers to completion, in order, before the app containers', async () => {
    const p = pod('initd', 'example.com/app:1');
    p.spec.initContainers = [
      { name: 'init-a', image: 'busybox:1.36', command: ['sh', '-c', 'echo preparing; sleep 1'] },
      { name: 'init-b', image: 'busybox:1.36', command: ['sh', '-c', 'echo done'] },
    ];
    const t = await setup(p);
    const pods = () => t.client.tracked<Pod>(R.pods, 'default', 'initd')!;
    const cond = (type: string) => pods().status?.conditions?.find((c) => c.type === type);
    await waitFor(() => t.events().some((e) => e.startsWith('Pulling: Pulling image "busybox:1.36"')));
    await t.clock.advance(200);
    await waitFor(() => pods().status?.initContainerStatuses?.[0]?.state?.running, { message: 'init-a running' });
    expect(cond('Initialized')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [init-a init-b]',
    });
    expect(pods().status!.phase).toBe('Pending');
    expect(t.status()!.state?.waiting?.reason).toBe('PodInitializing');
    await t.clock.advance(1000);
    await waitFor(() => t.events().some((e) => e === 'Started: Started container init-b'), { message: 'init-b started' });
    await waitFor(() => t.events().some((e) => e.startsWith('Pulling: Pulling image "example.com/app:1"')), { message: 'app pulled' });
    await t.clock.advance(300);
    await t.until((cs) => cs.state?.running, 'app running');
    await waitFor(() => cond('Initialized')?.status === 'True');
    expect(pods().status!.initContainerStatuses!.map((s) => s.state?.terminated?.reason)).toEqual(['Completed', 'Completed']);
    expect(pods().status!.phase).toBe('Running');
  });
});
