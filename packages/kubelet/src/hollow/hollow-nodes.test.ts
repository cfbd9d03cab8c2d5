import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, R, pollUntil, timingsFor, type Lease, type Node, type Pod } from '@kemu/api';
import { FakeClient } from '@kemu/client/testing';
import { startHollowNodes, type HollowNodes } from './hollow-nodes.js';

function pod(name: string, nodeName: string, extra: Partial<Pod['metadata']> = {}, spec: Partial<Pod['spec']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...extra },
    spec: { nodeName, containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec },
  };
}

function until<T>(fn: () => T | undefined, what: string, ms = 5000): Promise<T> {
  return pollUntil(() => fn() || undefined, { timeoutMs: ms, intervalMs: 10, what });
}

let hollow: HollowNodes | undefined;
afterEach(async () => {
  await hollow?.close();
  hollow = undefined;
});

describe('hollow nodes', () => {
  it('full: several kubelets in one process, each on its own node IP and pod CIDR, one pod watch', async () => {
    const client = new FakeClient();
    hollow = await startHollowNodes({ client, count: 2, first: 230, port: 0 });
    await hollow.ready();
    const nodes = client.trackedList<Node>(R.nodes).sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    expect(nodes.map((n) => [n.metadata.name, n.spec.podCIDR, n.status?.addresses?.[0].address])).toEqual([
      ['node-230', '127.244.230.0/24', '127.10.0.230'],
      ['node-231', '127.244.231.0/24', '127.10.0.231'],
    ]);
    await client.create(R.pods, 'default', pod('web', 'node-231'));
    const running = await until(() => {
      const p = client.tracked<Pod>(R.pods, 'default', 'web');
      return p?.status?.phase === 'Running' && p.status.containerStatuses?.[0].ready ? p : undefined;
    }, 'web Running');
    expect(running.status!.podIP).toMatch(/^127\.244\.231\./);
    expect(client.actions.filter((a) => a.verb === 'watch' && a.resource === 'pods')).toHaveLength(1);
    await until(() => client.trackedList<Lease>(R.leases).length === 2, 'two leases');
  });

  it('status-only: nodes beyond 255 register with /25 pod CIDRs and heartbeat; pods only change status', async () => {
    const client = new FakeClient();
    hollow = await startHollowNodes({ client, count: 3, first: 300, mode: 'status-only', maxInFlight: 2 });
    await hollow.ready();
    expect(hollow.isReady()).toBe(true);
    const nodes = client.trackedList<Node>(R.nodes).sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    expect(nodes.map((n) => [n.metadata.name, n.spec.podCIDR, n.status?.addresses?.[0].address])).toEqual([
      ['node-300', '127.128.22.0/25', '127.10.1.44'],
      ['node-301', '127.128.22.128/25', '127.10.1.45'],
      ['node-302', '127.128.23.0/25', '127.10.1.46'],
    ]);
    expect(nodes.every((n) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True')).toBe(true);
    await until(() => client.trackedList<Lease>(R.leases).length === 3, 'three leases');

    await client.create(R.pods, 'default', pod('web', 'node-301', {}, { initContainers: [{ name: 'init', image: 'busybox' }] }));
    await client.create(
      R.pods,
      'default',
      pod(
        'job-x',
        'node-302',
        { ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'x', uid: 'u1', controller: true }] },
        { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] },
      ),
    );
    await client.create(R.pods, 'default', pod('bad', 'node-300', {}, { containers: [{ name: 'app', image: 'nginx:NO_SUCH::' }] }));
    await client.create(R.pods, 'default', pod('elsewhere', 'node-1'));

    const web = await until(() => {
      const p = client.tracked<Pod>(R.pods, 'default', 'web');
      return p?.status?.phase === 'Running' ? p : undefined;
    }, 'web Running');
    expect(web.status!.podIP).toMatch(/^127\.128\.22\.(1[3-9]\d|2\d\d)$/);
    expect(web.status!.hostIP).toBe('127.10.1.45');
    expect(web.status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
    expect(web.status!.containerStatuses![0]).toMatchObject({
      ready: true,
      started: true,
      image: 'docker.io/library/nginx:1.27',
      state: { running: {} },
    });
    expect(web.status!.initContainerStatuses![0].state!.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });

    const job = await until(() => {
      const p = client.tracked<Pod>(R.pods, 'default', 'job-x');
      return p?.status?.phase === 'Succeeded' ? p : undefined;
    }, 'job pod Succeeded');
    expect(job.status!.containerStatuses![0].state!.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });

    const bad = await until(
      () =>
        client.tracked<Pod>(R.pods, 'default', 'bad')?.status?.containerStatuses
          ? client.tracked<Pod>(R.pods, 'default', 'bad')
          : undefined,
      'bad status',
    );
    expect(bad!.status!.phase).toBe('Pending');
    expect(bad!.status!.containerStatuses![0].state!.waiting!.reason).toBe('InvalidImageName');
    expect(client.tracked<Pod>(R.pods, 'default', 'elsewhere')!.status?.phase).toBeUndefined();

    // Somebody else marks the pod unready (node lifecycle): the node puts its status back.
    const cur = client.tracked<Pod>(R.pods, 'default', 'web')!;
    await client.updateStatus<Pod>(R.pods, {
      ...cur,
      status: { ...cur.status, conditions: cur.status!.conditions!.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c)) },
    });
    await until(
      () => client.tracked<Pod>(R.pods, 'default', 'web')!.status!.conditions!.find((c) => c.type === 'Ready')!.status === 'True',
      'Ready restored',
    );

    // Graceful deletion: the node deletes it for good at once.
    await client.delete(R.pods, 'default', 'web');
    await until(() => !client.tracked<Pod>(R.pods, 'default', 'web'), 'web gone');
    expect(client.actions.filter((a) => a.verb === 'watch' && a.resource === 'pods')).toHaveLength(1);
    expect(hollow.stats()).toMatchObject({ nodes: 3, registered: 3 });
  });

  it('status-only: a settled pod is not written again over many heartbeat periods, also after its Ready was put back', async () => {
    const clock = new FakeClock();
    const timings = timingsFor('fast');
    const client = new FakeClient();
    hollow = await startHollowNodes({ client, clock, timings, count: 1, first: 400, mode: 'status-only' });
    /** Moves fake time in 10 ms steps until `fn` holds. */
    const drive = async <T>(what: string, fn: () => T | undefined): Promise<T> => {
      for (let i = 0; i < 3000; i++) {
        const v = fn();
        if (v) return v;
        await clock.advance(10);
      }
      throw new Error(`no ${what} within 30 s of fake time`);
    };
    const web = () => client.tracked<Pod>(R.pods, 'default', 'web');
    const ready = () => web()?.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    const podWrites = () => client.writes().filter((a) => a.resource === 'pods').length;
    const leaseWrites = () => client.writes().filter((a) => a.resource === 'leases').length;
    const quietFor = async (periods: number) => {
      const pods = podWrites(),
        leases = leaseWrites();
      for (let t = 0; t < periods * timings.nodeLeaseRenewIntervalMs; t += 100) await clock.advance(100);
      // The node kept renewing its lease about once a period (time did pass for it), and wrote the pod no more.
      expect(leaseWrites() - leases).toBeGreaterThanOrEqual(Math.floor(periods * 0.8));
      expect(podWrites()).toBe(pods);
    };

    await drive('registration', () => hollow!.isReady());
    await client.create(R.pods, 'default', pod('web', 'node-400'));
    await drive('web Ready', () => ready());
    await quietFor(30);

    const cur = web()!;
    await client.updateStatus<Pod>(R.pods, {
      ...cur,
      status: { ...cur.status, conditions: cur.status!.conditions!.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c)) },
    });
    await drive('Ready put back', () => ready());
    await quietFor(30);
  });

  it('rejects a bad count, index range or mode', async () => {
    const client = new FakeClient();
    await expect(startHollowNodes({ client, count: 0 })).rejects.toThrow(/positive integer/);
    await expect(startHollowNodes({ client, count: 2, first: 65_279 })).rejects.toThrow(/must lie in/);
    await expect(startHollowNodes({ client, count: 1, mode: 'nope' as never })).rejects.toThrow(/hollow mode/);
  });
});
