import { afterEach, describe, expect, it, vi } from 'vitest';
import { R, rfc3339, type KubeObject, type OwnerReference, type ResourceInfo } from '@kemu/api';
import type { FakeClient } from '@kemu/client/testing';
import { testContext } from '../testing/test-context.js';
import { runInBackground } from '../testing/run-in-background.js';
import { GarbageCollector } from './garbage-collector.js';

const ref = (kind: string, name: string, uid: string, apiVersion = 'apps/v1'): OwnerReference => ({
  apiVersion,
  kind,
  name,
  uid,
  controller: true,
  blockOwnerDeletion: true,
});

const obj = (
  apiVersion: string,
  kind: string,
  name: string,
  uid: string,
  owners: OwnerReference[] = [],
  extra: Partial<KubeObject> = {},
): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name, namespace: 'default', uid, ownerReferences: owners.length ? owners : undefined },
  spec: {},
  ...extra,
});

const deployment = (name: string, uid: string) => obj('apps/v1', 'Deployment', name, uid);
const replicaSet = (name: string, uid: string, owners: OwnerReference[] = []) => obj('apps/v1', 'ReplicaSet', name, uid, owners);
const pod = (name: string, uid: string, owners: OwnerReference[] = []) =>
  obj('v1', 'Pod', name, uid, owners, { spec: { containers: [{ name: 'c', image: 'nginx' }] } });

/** Makes the fake act like the apiserver for Foreground/Orphan deletes: set the finalizer and deletionTimestamp, keep the object. */
function emulatePropagation(client: FakeClient): void {
  client.prependReactor('delete', '*', (a) => {
    const policy = (a.options as { propagationPolicy?: string } | undefined)?.propagationPolicy;
    const finalizer = policy === 'Foreground' ? 'foregroundDeletion' : policy === 'Orphan' ? 'orphan' : undefined;
    if (!finalizer) return undefined;
    const r = [R.deployments, R.replicasets, R.pods].find((x) => x.resource === a.resource)!;
    const cur = client.tracked(r, a.namespace, a.name!);
    if (!cur) return undefined;
    if (!cur.metadata.deletionTimestamp) {
      client.add(
        {
          ...cur,
          metadata: {
            ...cur.metadata,
            deletionTimestamp: rfc3339(Date.now()),
            finalizers: [...(cur.metadata.finalizers ?? []), finalizer],
          },
        },
        r,
      );
    }
    return { handled: true };
  });
}

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function start(objects: KubeObject[]) {
  const t = testContext(objects);
  const gc = new GarbageCollector(t.ctx);
  stop = await runInBackground(t.informers, gc, 2);
  const exists = (r: ResourceInfo, name: string) => t.client.tracked(r, 'default', name) !== undefined;
  return { ...t, gc, exists };
}

describe('GarbageCollector', () => {
  it('cascades a background delete: Deployment → ReplicaSet → Pods', async () => {
    const t = await start([
      deployment('web', 'd1'),
      replicaSet('web-1', 'rs1', [ref('Deployment', 'web', 'd1')]),
      pod('web-1-a', 'p1', [ref('ReplicaSet', 'web-1', 'rs1')]),
      pod('web-1-b', 'p2', [ref('ReplicaSet', 'web-1', 'rs1')]),
      replicaSet('other', 'rs2'),
      pod('other-a', 'p3', [ref('ReplicaSet', 'other', 'rs2')]),
      pod('bare', 'p4'),
    ]);
    await t.client.delete(R.deployments, 'default', 'web');
    await vi.waitFor(() => {
      expect(t.exists(R.replicasets, 'web-1')).toBe(false);
      expect(t.exists(R.pods, 'web-1-a')).toBe(false);
      expect(t.exists(R.pods, 'web-1-b')).toBe(false);
    });
    expect(t.exists(R.pods, 'other-a')).toBe(true);
    expect(t.exists(R.pods, 'bare')).toBe(true);
    const deletes = t.client.actions.filter((a) => a.verb === 'delete').map((a) => [a.resource, a.name, a.options]);
    expect(deletes).toContainEqual(['replicasets', 'web-1', { propagationPolicy: 'Background', preconditions: { uid: 'rs1' } }]);
    // The owner's absence was confirmed against the API before the ReplicaSet went.
    expect(t.client.actions.some((a) => a.verb === 'get' && a.resource === 'deployments' && a.name === 'web')).toBe(true);
  });

  it('treats an owner with the same name but another uid as gone', async () => {
    const t = await start([
      replicaSet('web', 'rs-new'),
      pod('old', 'p1', [ref('ReplicaSet', 'web', 'rs-old')]),
      pod('new', 'p2', [ref('ReplicaSet', 'web', 'rs-new')]),
    ]);
    await vi.waitFor(() => expect(t.exists(R.pods, 'old')).toBe(false));
    expect(t.exists(R.pods, 'new')).toBe(true);
  });

  it('keeps an object that still has a live owner, dropping the reference to the gone one', async () => {
    const t = await start([
      replicaSet('live', 'rs1'),
      pod('shared', 'p1', [ref('ReplicaSet', 'live', 'rs1'), { ...ref('ReplicaSet', 'gone', 'rs-gone'), controller: false }]),
    ]);
    await vi.waitFor(() =>
      expect(t.client.tracked(R.pods, 'default', 'shared')!.metadata.ownerReferences?.map((r) => r.uid)).toEqual(['rs1']),
    );
    expect(t.client.actions.some((a) => a.verb === 'delete')).toBe(false);
  });

  it('keeps objects owned by kinds it cannot check', async () => {
    const t = await start([
      pod('widget-pod', 'p1', [ref('Widget', 'w-1', 'w1', 'example.com/v1')]),
      pod('orphan', 'p2', [ref('ReplicaSet', 'gone', 'rs-gone')]),
    ]);
    await vi.waitFor(() => expect(t.exists(R.pods, 'orphan')).toBe(false));
    expect(t.exists(R.pods, 'widget-pod')).toBe(true);
  });

  it('collects endpointslices of a deleted service', async () => {
    const t = await start([
      obj('v1', 'Service', 'web', 's1', [], { spec: { ports: [{ port: 80 }] } }),
      obj('discovery.k8s.io/v1', 'EndpointSlice', 'web-abc', 'es1', [ref('Service', 'web', 's1', 'v1')], {
        addressType: 'IPv4',
        endpoints: [],
      }),
    ]);
    await t.client.delete(R.services, 'default', 'web');
    await vi.waitFor(() => expect(t.exists(R.endpointslices, 'web-abc')).toBe(false));
  });

  it('foreground: the owner stays until its dependents are gone, then loses its finalizer', async () => {
    const t = await start([
      deployment('web', 'd1'),
      replicaSet('web-1', 'rs1', [ref('Deployment', 'web', 'd1')]),
      pod('web-1-a', 'p1', [ref('ReplicaSet', 'web-1', 'rs1')]),
    ]);
    emulatePropagation(t.client);
    await t.client.delete(R.deployments, 'default', 'web', { propagationPolicy: 'Foreground' });
    expect(t.client.tracked(R.deployments, 'default', 'web')!.metadata.finalizers).toEqual(['foregroundDeletion']);
    await vi.waitFor(() => expect(t.exists(R.deployments, 'web')).toBe(false));
    expect(t.exists(R.replicasets, 'web-1')).toBe(false);
    expect(t.exists(R.pods, 'web-1-a')).toBe(false);
    // Dependents went before the owner's finalizer was removed.
    const writes = t.client.writes().map((a) => `${a.verb} ${a.resource}/${a.name}`);
    const lastDependent = Math.max(writes.indexOf('delete pods/web-1-a'), writes.indexOf('delete replicasets/web-1'));
    expect(lastDependent).toBeGreaterThan(0);
    expect(writes.lastIndexOf('patch deployments/web')).toBeGreaterThan(lastDependent);
  });

  it('orphan: dependents lose their reference and stay, the owner goes', async () => {
    const t = await start([
      deployment('web', 'd1'),
      replicaSet('web-1', 'rs1', [ref('Deployment', 'web', 'd1')]),
      pod('web-1-a', 'p1', [ref('ReplicaSet', 'web-1', 'rs1')]),
    ]);
    emulatePropagation(t.client);
    await t.client.delete(R.deployments, 'default', 'web', { propagationPolicy: 'Orphan' });
    await vi.waitFor(() => expect(t.exists(R.deployments, 'web')).toBe(false));
    expect(t.client.tracked(R.replicasets, 'default', 'web-1')!.metadata.ownerReferences).toBeUndefined();
    expect(t.exists(R.pods, 'web-1-a')).toBe(true);
  });
});
