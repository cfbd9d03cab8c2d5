import { R, timingsFor, type Lease, type Pod, type ReplicaSet } from '@kemu/api';
import { EXIT_LEADERSHIP_LOST, silentLogger } from '@kemu/client';
import { FakeClient, waitFor } from '@kemu/client/testing';
import { describe, expect, it } from 'vitest';
import { runControllerManager } from './controller-manager.js';
import { deployment } from './testing/objects.js';

const timings = { ...timingsFor('fast'), leaderElection: { leaseDurationMs: 1_500, renewDeadlineMs: 1_000, retryPeriodMs: 200 } };
const lease = (client: FakeClient) => client.tracked<Lease>(R.leases, 'kube-system', 'kube-controller-manager');

function start(client: FakeClient, id: string) {
  const stop = new AbortController();
  const done = runControllerManager({ client, id, timings, logger: silentLogger, signal: stop.signal, healthzPort: 0 });
  return { stop, done };
}

describe('runControllerManager', () => {
  it('runs the controllers while leading and releases the Lease on stop', async () => {
    const client = new FakeClient([deployment('web', 2, { app: 'web' })]);
    const a = start(client, 'cm-a');
    await waitFor(() => client.trackedList<Pod>(R.pods).length === 2, { message: 'deployment → replicaset → pods' });
    expect(lease(client)!.spec.holderIdentity).toBe('cm-a');
    expect(client.trackedList<ReplicaSet>(R.replicasets)).toHaveLength(1);
    a.stop.abort();
    expect(await a.done).toBe(0);
    expect(lease(client)!.spec.holderIdentity ?? '').toBe('');
  });

  it('keeps a standby waiting until the leader goes', async () => {
    const client = new FakeClient([]);
    const a = start(client, 'cm-a');
    await waitFor(() => lease(client)?.spec.holderIdentity === 'cm-a');
    const b = start(client, 'cm-b');
    const before = client.actions.filter((x) => x.resource === 'leases').length;
    await waitFor(() => client.actions.filter((x) => x.resource === 'leases').length > before + 4, { message: 'both campaign' });
    expect(lease(client)!.spec.holderIdentity).toBe('cm-a');
    expect(client.watchCount()).toBeGreaterThan(0);
    a.stop.abort();
    expect(await a.done).toBe(0);
    await waitFor(() => lease(client)?.spec.holderIdentity === 'cm-b', { message: 'standby takes over' });
    b.stop.abort();
    expect(await b.done).toBe(0);
  });

  it('exits with EXIT_LEADERSHIP_LOST when it loses the Lease', async () => {
    const client = new FakeClient([]);
    const a = start(client, 'cm-a');
    await waitFor(() => lease(client)?.spec.holderIdentity === 'cm-a');
    // Someone else takes the Lease over (as after a partition).
    client.prependReactor('update', 'leases', () => ({ handled: true, error: new Error('apiserver unreachable') }));
    expect(await a.done).toBe(EXIT_LEADERSHIP_LOST);
  });
});
