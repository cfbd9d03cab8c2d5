import { describe, expect, it } from 'vitest';
import {
  FakeClock,
  isAlreadyExists,
  isConflict,
  isGone,
  isNotFound,
  R,
  RESOURCES,
  type Deployment,
  type Namespace,
  type KubeObject,
  type Pod,
  type WatchEvent,
} from '@kemu/api';
import { FakeClient } from './fake-client.js';
import * as testing from '@kemu/client/testing';
import * as index from '../index.js';
import { waitFor } from './wait.js';

const pod = (name: string, extra: Partial<Pod['metadata']> = {}, nodeName?: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', ...extra },
  spec: { containers: [{ name: 'c' }], nodeName },
});

describe('FakeClient', () => {
  it('is exported from @kemu/client/testing, not from the package index', () => {
    expect(testing.FakeClient).toBe(FakeClient);
    expect(Object.keys(index)).not.toContain('FakeClient');
  });

  it('create assigns uid, resourceVersion, creationTimestamp, generation and generateName', async () => {
    const clock = new FakeClock(Date.parse('2025-01-01T00:00:00Z'));
    const c = new FakeClient([], { clock });
    const p = await c.create<Pod>(R.pods, 'default', { ...pod(''), metadata: { generateName: 'web-', namespace: 'default' } });
    expect(p.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(p.metadata.uid).toBeTruthy();
    expect(p.metadata.resourceVersion).toBe('2');
    expect(p.metadata.creationTimestamp).toBe('2025-01-01T00:00:00Z');
    expect(p.metadata.generation).toBe(1);
    expect(c.actions).toEqual([expect.objectContaining({ verb: 'create', resource: 'pods', namespace: 'default' })]);
    const err = await c.create(R.pods, 'default', { ...pod(p.metadata.name!) }).catch((e) => e);
    expect(isAlreadyExists(err)).toBe(true);
  });

  it('update enforces resourceVersion, keeps status, bumps generation on spec change, skips no-ops', async () => {
    const c = new FakeClient();
    const d0 = await c.create<Deployment>(R.deployments, 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { spec: { containers: [] } } },
    });
    const d1 = await c.update(R.deployments, { ...d0, spec: { ...d0.spec, replicas: 3 }, status: { replicas: 99 } });
    expect(d1.metadata.generation).toBe(2);
    expect(d1.status).toBeUndefined();
    expect(isConflict(await c.update(R.deployments, d0).catch((e) => e))).toBe(true);
    const same = await c.update(R.deployments, d1);
    expect(same.metadata.resourceVersion).toBe(d1.metadata.resourceVersion);
    const s = await c.updateStatus(R.deployments, { ...d1, spec: { ...d1.spec, replicas: 7 }, status: { replicas: 3 } });
    expect(s.status).toEqual({ replicas: 3 });
    expect(s.spec.replicas).toBe(3);
    expect(s.metadata.generation).toBe(2);
    expect(c.actions.map((a) => `${a.verb}${a.subresource ? '/' + a.subresource : ''}`)).toEqual([
      'create',
      'update',
      'update',
      'update',
      'update/status',
    ]);
  });

  it('applies merge, strategic and json patches', async () => {
    const c = new FakeClient([pod('p', { labels: { a: '1', b: '2' } })]);
    let p = await c.patch<Pod>(R.pods, 'default', 'p', 'merge', { metadata: { labels: { a: null, c: '3' } } });
    expect(p.metadata.labels).toEqual({ b: '2', c: '3' });
    p = await c.patch<Pod>(R.pods, 'default', 'p', 'strategic', { spec: { containers: [{ name: 'c', image: 'nginx' }, { name: 'd' }] } });
    expect(p.spec.containers).toEqual([{ name: 'c', image: 'nginx' }, { name: 'd' }]);
    p = await c.patch<Pod>(R.pods, 'default', 'p', 'strategic', { status: { phase: 'Running' } }, { subresource: 'status' });
    expect(p.status?.phase).toBe('Running');
    p = await c.patch<Pod>(
      R.pods,
      'default',
      'p',
      'strategic',
      { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      { subresource: 'status' },
    );
    p = await c.patch<Pod>(
      R.pods,
      'default',
      'p',
      'strategic',
      { status: { conditions: [{ type: 'PodScheduled', status: 'True' }] } },
      { subresource: 'status' },
    );
    expect(p.status?.conditions?.map((x) => x.type)).toEqual(['Ready', 'PodScheduled']);
    p = await c.patch<Pod>(R.pods, 'default', 'p', 'json', [
      { op: 'replace', path: '/metadata/labels/b', value: 'x' },
      { op: 'add', path: '/metadata/annotations', value: { k: 'v' } },
    ]);
    expect(p.metadata.labels).toEqual({ b: 'x', c: '3' });
    expect(p.metadata.annotations).toEqual({ k: 'v' });
    // A patch of the main resource does not change status.
    p = await c.patch<Pod>(R.pods, 'default', 'p', 'merge', { status: { phase: 'Failed' } });
    expect(p.status?.phase).toBe('Running');
    expect(c.actions[0]).toMatchObject({ verb: 'patch', patchType: 'merge', patch: { metadata: { labels: { a: null, c: '3' } } } });
    expect(isNotFound(await c.patch(R.pods, 'default', 'nope', 'merge', {}).catch((e) => e))).toBe(true);
  });

  it('server-side applies with field ownership, creating a missing object, and conflicts like the apiserver', async () => {
    const c = new FakeClient([]);
    const cm = (data: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm', namespace: 'default' },
      data,
    });
    const created = await c.patch<KubeObject & { data: object }>(R.configmaps, 'default', 'cm', 'apply', cm({ a: '1' }), {
      fieldManager: 'one',
    });
    expect(created.data).toEqual({ a: '1' });
    expect(created.metadata.managedFields).toMatchObject([{ manager: 'one', operation: 'Apply', fieldsV1: { 'f:data': { 'f:a': {} } } }]);
    const err = await c.patch(R.configmaps, 'default', 'cm', 'apply', cm({ a: '2' }), { fieldManager: 'two' }).catch((e) => e);
    expect(isConflict(err)).toBe(true);
    const forced = await c.patch<KubeObject & { data: object }>(R.configmaps, 'default', 'cm', 'apply', cm({ a: '2' }), {
      fieldManager: 'two',
      force: true,
    });
    expect(forced.data).toEqual({ a: '2' });
    expect(forced.metadata.managedFields?.map((e) => e.manager)).toEqual(['two']);
  });

  it('rejects a patch whose resourceVersion is not the current one with a conflict', async () => {
    const c = new FakeClient([pod('p')]);
    const err = await c
      .patch(R.pods, 'default', 'p', 'json', [{ op: 'replace', path: '/metadata/resourceVersion', value: '999' }])
      .catch((e) => e);
    expect(isConflict(err)).toBe(true);
  });

  it('lists with label and field selectors and namespaces', async () => {
    const c = new FakeClient([
      pod('a', { labels: { app: 'web' } }, 'n1'),
      pod('b', { labels: { app: 'db' } }, 'n2'),
      { ...pod('c', { labels: { app: 'web' } }, 'n1'), metadata: { name: 'c', namespace: 'other', labels: { app: 'web' } } },
    ]);
    const names = async (o: Parameters<FakeClient['list']>[1]) => (await c.list(R.pods, o)).items.map((p) => p.metadata.name).sort();
    expect(await names({})).toEqual(['a', 'b', 'c']);
    expect(await names({ namespace: 'default' })).toEqual(['a', 'b']);
    expect(await names({ labelSelector: 'app=web' })).toEqual(['a', 'c']);
    expect(await names({ fieldSelector: 'spec.nodeName=n1', namespace: 'default' })).toEqual(['a']);
    const list = await c.list(R.pods);
    expect(list.kind).toBe('PodList');
    expect(list.metadata.resourceVersion).toBe(c.currentResourceVersion());
  });

  it('deletes with finalizers and pod grace periods like the apiserver', async () => {
    const c = new FakeClient([pod('fin', { finalizers: ['x'] }), pod('bound', {}, 'n1'), pod('pending')]);
    await c.delete(R.pods, 'default', 'pending');
    expect(c.tracked(R.pods, 'default', 'pending')).toBeUndefined();

    await c.delete(R.pods, 'default', 'bound');
    const bound = c.tracked<Pod>(R.pods, 'default', 'bound')!;
    expect(bound.metadata.deletionTimestamp).toBeTruthy();
    expect(bound.metadata.deletionGracePeriodSeconds).toBe(30);
    await c.delete(R.pods, 'default', 'bound', { gracePeriodSeconds: 0 });
    expect(c.tracked(R.pods, 'default', 'bound')).toBeUndefined();

    await c.delete(R.pods, 'default', 'fin');
    const fin = c.tracked<Pod>(R.pods, 'default', 'fin')!;
    expect(fin.metadata.deletionTimestamp).toBeTruthy();
    await c.update(R.pods, { ...fin, metadata: { ...fin.metadata, finalizers: [] } });
    expect(c.tracked(R.pods, 'default', 'fin')).toBeUndefined();

    const err = await c.delete(R.pods, 'default', 'gone').catch((e) => e);
    expect(isNotFound(err)).toBe(true);
  });

  it('binds pods once, with PodScheduled', async () => {
    const c = new FakeClient([pod('p')]);
    await c.createSubresource(R.pods, 'default', 'p', 'binding', {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'p' },
      target: { kind: 'Node', name: 'n1' },
    });
    const p = c.tracked<Pod>(R.pods, 'default', 'p')!;
    expect(p.spec.nodeName).toBe('n1');
    expect(p.status?.conditions?.[0]).toMatchObject({ type: 'PodScheduled', status: 'True' });
    expect(isConflict(await c.createSubresource(R.pods, 'default', 'p', 'binding', { target: { name: 'n2' } }).catch((e) => e))).toBe(true);
    expect(c.actions[0]).toMatchObject({ verb: 'create', resource: 'pods', subresource: 'binding', name: 'p' });
  });

  it('watches from a resourceVersion, applies selector transitions, and expires after compaction', async () => {
    const c = new FakeClient([pod('a')]);
    const rv = c.currentResourceVersion();
    await c.create(R.pods, 'default', pod('b'));
    const ctl = new AbortController();
    const got: string[] = [];
    const done = (async () => {
      for await (const ev of c.watch<Pod>(R.pods, { resourceVersion: rv, fieldSelector: 'spec.nodeName=n1' }, ctl.signal))
        got.push(`${ev.type} ${ev.object.metadata.name}`);
    })();
    await c.createSubresource(R.pods, 'default', 'b', 'binding', { target: { name: 'n1' } });
    await c.patch(R.pods, 'default', 'b', 'merge', { metadata: { labels: { x: 'y' } } });
    await c.delete(R.pods, 'default', 'b', { gracePeriodSeconds: 0 });
    await waitFor(() => got.length === 3);
    expect(got).toEqual(['ADDED b', 'MODIFIED b', 'DELETED b']);
    ctl.abort();
    await done;

    c.compact();
    const evs: WatchEvent<KubeObject>[] = [];
    for await (const ev of c.watch(R.pods, { resourceVersion: rv }, new AbortController().signal)) evs.push(ev);
    expect(evs).toHaveLength(1);
    expect(evs[0].type).toBe('ERROR');
    expect(isGone({ status: evs[0].object })).toBe(true);
  });

  it('runs reactors before the tracker', async () => {
    const c = new FakeClient([pod('a')]);
    c.prependReactor('update', 'pods', () => ({ handled: true, error: new Error('injected') }));
    const a = await c.get<Pod>(R.pods, 'default', 'a');
    await expect(c.update(R.pods, a)).rejects.toThrow('injected');
    c.prependReactor('get', '*', (action) => (action.name === 'a' ? { handled: true, result: { metadata: { name: 'fake' } } } : undefined));
    expect((await c.get(R.pods, 'default', 'a')).metadata.name).toBe('fake');
  });

  it('keeps a deleted namespace Terminating until finalize empties spec.finalizers', async () => {
    const c = new FakeClient();
    const ns = await c.create<Namespace>(R.namespaces, undefined, { metadata: { name: 'x' } });
    expect(ns.spec?.finalizers).toEqual(['kubernetes']);
    expect(ns.status?.phase).toBe('Active');
    await c.delete(R.namespaces, undefined, 'x');
    const t = c.tracked<Namespace>(R.namespaces, undefined, 'x')!;
    expect(t.status?.phase).toBe('Terminating');
    expect(t.metadata.deletionTimestamp).toBeTruthy();
    await expect(c.updateSubresource(R.namespaces, t, 'scale')).rejects.toMatchObject({ status: { reason: 'MethodNotAllowed' } });
    await c.updateSubresource<Namespace>(R.namespaces, { ...t, spec: { finalizers: [] } }, 'finalize');
    expect(c.tracked(R.namespaces, undefined, 'x')).toBeUndefined();
    expect(c.writes().map((a) => `${a.verb} ${a.resource}${a.subresource ? '/' + a.subresource : ''}`)).toEqual([
      'create namespaces',
      'delete namespaces',
      'update namespaces/scale',
      'update namespaces/finalize',
    ]);
  });

  it('answers discovery with the configured resources', async () => {
    expect(await new FakeClient().serverResources()).toEqual([...RESOURCES]);
    const only = [R.pods];
    expect(await new FakeClient([], { resources: only }).serverResources()).toEqual(only);
  });

  it('hands out copies', async () => {
    const c = new FakeClient([pod('a')]);
    const a = await c.get<Pod>(R.pods, 'default', 'a');
    a.metadata.labels = { hacked: 'yes' };
    expect((await c.get<Pod>(R.pods, 'default', 'a')).metadata.labels).toBeUndefined();
  });
});
