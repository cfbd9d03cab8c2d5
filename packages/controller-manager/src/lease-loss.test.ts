/**
 * Two controller-manager replicas on one (fake) apiserver. The leader loses its Lease while its
 * garbage collector is in the middle of a long orphaning pass; from the moment it gives up, it
 * sends nothing more, and the other replica takes over and finishes the pass.
 */
import { R, timingsFor, type KubeObject, type Pod } from '@kemu/api';
import { EXIT_LEADERSHIP_LOST, type Client } from '@kemu/client';
import { FakeClient, waitFor } from '@kemu/client/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { runControllerManager } from './controller-manager.js';

const timings = { ...timingsFor('fast'), leaderElection: { leaseDurationMs: 1_500, renewDeadlineMs: 1_000, retryPeriodMs: 200 } };
const WRITES = new Set(['create', 'update', 'updateStatus', 'updateSubresource', 'patch', 'delete', 'createSubresource']);
const PODS = 150;

/** A replica's view of the apiserver: records its writes (slowed down), and can lose the Lease. */
function replicaClient(fake: FakeClient) {
  const state = { writes: [] as string[], leaseCut: false };
  const client = new Proxy(fake, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      return async (...args: unknown[]) => {
        const resource = (args[0] as { resource?: string } | undefined)?.resource;
        if (resource === 'leases') {
          if (state.leaseCut) throw new Error('connect ECONNREFUSED');
        } else if (WRITES.has(String(prop))) {
          state.writes.push(`${String(prop)} ${resource}`);
          await new Promise((r) => setTimeout(r, 20));
        }
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as Client;
  return { client, state };
}

/** A logger that calls `onLost` the moment the replica logs that it lost the Lease. */
function loggerFor(onLost: () => void) {
  return pino(
    { level: 'info' },
    {
      write(line: string) {
        if (line.includes('leaderelection lost')) onLost();
      },
    },
  );
}

const owner: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web-1', namespace: 'default', uid: 'rs1', deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['orphan'] },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [] } } },
};
const dependents: KubeObject[] = Array.from({ length: PODS }, (_, i) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: `web-1-${i}`,
    namespace: 'default',
    uid: `p${i}`,
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs1', controller: true }],
  },
  spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] },
}));

describe('two controller-manager replicas', () => {
  it('the one that lost the Lease issues no write after the loss; the other finishes the work', async () => {
    const fake = new FakeClient([owner, ...dependents]);
    const a = replicaClient(fake);
    const b = replicaClient(fake);
    let writesAtLoss: number | undefined;
    const stopA = new AbortController();
    const stopB = new AbortController();
    const doneA = runControllerManager({
      client: a.client,
      id: 'cm-a',
      timings,
      controllers: ['garbagecollector'],
      logger: loggerFor(() => {
        writesAtLoss = a.state.writes.length;
      }),
      signal: stopA.signal,
    });
    await waitFor(() => a.state.writes.filter((w) => w === 'patch pods').length >= 5, { message: 'cm-a orphaning pods' });
    const doneB = runControllerManager({
      client: b.client,
      id: 'cm-b',
      timings,
      controllers: ['garbagecollector'],
      logger: pino({ level: 'silent' }),
      signal: stopB.signal,
    });
    a.state.leaseCut = true;

    expect(await doneA).toBe(EXIT_LEADERSHIP_LOST);
    expect(writesAtLoss).toBeDefined();
    expect(writesAtLoss!).toBeLessThan(PODS);
    // Nothing was sent by cm-a from the moment it gave up its Lease.
    expect(a.state.writes.slice(writesAtLoss)).toEqual([]);

    await waitFor(() => fake.trackedList<Pod>(R.pods).every((p) => !p.metadata.ownerReferences?.length), {
      message: 'cm-b to finish orphaning',
      timeoutMs: 20_000,
    });
    expect(b.state.writes.length).toBeGreaterThan(0);
    stopB.abort();
    expect(await doneB).toBe(0);
  }, 30_000);
});
