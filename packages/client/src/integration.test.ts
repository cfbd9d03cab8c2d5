/**
 * The client against the real apiserver (in-process, memory store): CRUD, every patch type,
 * errors, informers, leader election and events over the wire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { isConflict, isNotFound, R, RESOURCES, type Event, type Lease, type Namespace, type Pod } from '@kemu/api';
import { startApiServer, type ApiServer } from '@kemu/apiserver';
import { MemoryStore } from '@kemu/storage';
import { RestClient } from './rest-client.js';
import { newSharedInformer } from './shared-informer.js';
import { LeaderElector } from './leader-election.js';
import { EventBroadcaster } from './event-recorder.js';
import { waitFor } from './testing/wait.js';

let api: ApiServer;
let client: RestClient;

beforeAll(async () => {
  api = await startApiServer({ port: 0, storage: 'memory', logger: pino({ level: 'silent' }) });
  client = new RestClient({ servers: [api.url], fieldManager: 'client-test' });
});
afterAll(async () => {
  client?.close();
  await api?.close();
});

const pod = (name: string, labels?: Record<string, string>): Pod => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
});

describe('RestClient against the apiserver', () => {
  it('discovers every resource the server serves, as @kemu/api describes them', async () => {
    const found = await client.serverResources();
    const ids = (rs: readonly { group: string; resource: string }[]) => [...new Set(rs.map((r) => `${r.group}/${r.resource}`))].sort();
    expect(ids(found)).toEqual(ids(RESOURCES));
    for (const f of found) {
      const r = RESOURCES.find((x) => x.group === f.group && x.version === f.version && x.resource === f.resource)!;
      expect(f).toMatchObject({ kind: r.kind, namespaced: r.namespaced, verbs: [...r.verbs].sort() });
    }
    expect(found.find((f) => f.resource === 'pods')!.subresources.map((s) => s.name)).toContain('binding');
  });

  it('finalizes a terminating namespace through namespaces/<name>/finalize', async () => {
    await client.create<Namespace>(R.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fin' } });
    await client.delete(R.namespaces, undefined, 'fin');
    const terminating = await client.get<Namespace>(R.namespaces, undefined, 'fin');
    expect(terminating.status?.phase).toBe('Terminating');
    expect(terminating.spec?.finalizers).toEqual(['kubernetes']);
    await client.updateSubresource<Namespace>(R.namespaces, { ...terminating, spec: { finalizers: [] } }, 'finalize');
    expect(isNotFound(await client.get(R.namespaces, undefined, 'fin').catch((e) => e))).toBe(true);
  });

  it('creates, reads, updates, patches and deletes', async () => {
    const created = await client.create(R.pods, 'default', pod('crud', { a: '1' }));
    expect(created.metadata.uid).toBeTruthy();
    const got = await client.get<Pod>(R.pods, 'default', 'crud');
    expect(got.metadata.resourceVersion).toBe(created.metadata.resourceVersion);

    const updated = await client.update(R.pods, { ...got, metadata: { ...got.metadata, labels: { a: '2' } } });
    expect(updated.metadata.labels).toEqual({ a: '2' });
    const stale = await client.update(R.pods, got).catch((e) => e);
    expect(isConflict(stale)).toBe(true);

    let p = await client.patch<Pod>(R.pods, 'default', 'crud', 'merge', { metadata: { labels: { b: 'x' } } });
    expect(p.metadata.labels).toEqual({ a: '2', b: 'x' });
    p = await client.patch<Pod>(R.pods, 'default', 'crud', 'strategic', { metadata: { labels: { c: 'y' } } });
    expect(p.metadata.labels).toMatchObject({ c: 'y' });
    p = await client.patch<Pod>(R.pods, 'default', 'crud', 'json', [{ op: 'add', path: '/metadata/annotations', value: { k: 'v' } }]);
    expect(p.metadata.annotations).toEqual({ k: 'v' });
    p = await client.patch<Pod>(R.pods, 'default', 'crud', 'merge', { status: { phase: 'Running' } }, { subresource: 'status' });
    expect(p.status?.phase).toBe('Running');

    const list = await client.list<Pod>(R.pods, { namespace: 'default', labelSelector: 'b=x' });
    expect(list.items.map((i) => i.metadata.name)).toEqual(['crud']);
    expect(list.metadata.resourceVersion).toBeTruthy();

    await client.delete(R.pods, 'default', 'crud', { gracePeriodSeconds: 0 });
    const err = await client.get(R.pods, 'default', 'crud').catch((e) => e);
    expect(isNotFound(err)).toBe(true);
    expect(isNotFound(await client.delete(R.pods, 'default', 'crud').catch((e) => e))).toBe(true);
  });

  it('binds a pod through the binding subresource', async () => {
    await client.create(R.pods, 'default', pod('tobind'));
    await client.createSubresource(R.pods, 'default', 'tobind', 'binding', {
      apiVersion: 'v1', kind: 'Binding', metadata: { name: 'tobind', namespace: 'default' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' },
    });
    expect((await client.get<Pod>(R.pods, 'default', 'tobind')).spec.nodeName).toBe('node-1');
  });

  it('keeps an informer in step through add, update and delete', async () => {
    const inf = newSharedInformer<Pod>(client, R.pods, { namespace: 'default', labelSelector: 'informer=yes' });
    const calls: string[] = [];
    inf.addEventHandler({
      onAdd: (p) => calls.push(`add ${p.metadata.name}`),
      onUpdate: (_o, p) => calls.push(`update ${p.metadata.name}`),
      onDelete: (p) => calls.push(`delete ${p.metadata.name}`),
    });
    await client.create(R.pods, 'default', pod('i1', { informer: 'yes' }));
    const ctl = new AbortController();
    const done = inf.run(ctl.signal);
    await inf.waitForSync();
    expect(calls).toEqual(['add i1']);
    await client.create(R.pods, 'default', pod('i2', { informer: 'yes' }));
    await client.patch(R.pods, 'default', 'i1', 'merge', { metadata: { annotations: { touched: 'yes' } } });
    await client.delete(R.pods, 'default', 'i2', { gracePeriodSeconds: 0 });
    await waitFor(() => calls.length >= 4);
    expect(calls).toEqual(['add i1', 'add i2', 'update i1', 'delete i2']);
    expect(inf.lister.get('default/i1')?.metadata.annotations).toEqual({ touched: 'yes' });
    ctl.abort();
    await done;
  });

  it('elects one leader on a real Lease and hands over on release', async () => {
    const timings = { leaseDurationMs: 2000, renewDeadlineMs: 1500, retryPeriodMs: 100 };
    const lock = (identity: string) => ({ namespace: 'kube-system', name: 'client-test', identity });
    const a = new LeaderElector(client);
    const b = new LeaderElector(client);
    const aCtl = new AbortController();
    const bCtl = new AbortController();
    const started: string[] = [];
    const aDone = a.run({ lock: lock('a'), ...timings, onStartedLeading: () => { started.push('a'); }, onStoppedLeading: () => undefined }, aCtl.signal);
    await waitFor(() => a.isLeader());
    const bDone = b.run({ lock: lock('b'), ...timings, onStartedLeading: () => { started.push('b'); }, onStoppedLeading: () => undefined }, bCtl.signal);
    await waitFor(() => b.getLeader() === 'a');
    expect(b.isLeader()).toBe(false);
    aCtl.abort();
    await aDone;
    await waitFor(() => b.isLeader());
    expect(started).toEqual(['a', 'b']);
    const l = await client.get<Lease>(R.leases, 'kube-system', 'client-test');
    expect(l.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    bCtl.abort();
    await bDone;
  });

  it('records events and counts repeats', async () => {
    const target = await client.create(R.pods, 'default', pod('evt'));
    const broadcaster = new EventBroadcaster(client, { component: 'client-test' });
    const r = broadcaster.recorder();
    r.event(target, 'Warning', 'Testing', 'hello');
    r.event(target, 'Warning', 'Testing', 'hello');
    await broadcaster.flush();
    const events = await client.list<Event>(R.events, { namespace: 'default', fieldSelector: 'involvedObject.name=evt' });
    expect(events.items).toHaveLength(1);
    expect(events.items[0]).toMatchObject({ reason: 'Testing', count: 2, involvedObject: { kind: 'Pod', name: 'evt', uid: target.metadata.uid } });
  });
});

describe('two apiservers on one store', () => {
  it('keeps an informer and writes going when the apiserver in use dies', async () => {
    const store = new MemoryStore();
    const silent = pino({ level: 'silent' });
    const a1 = await startApiServer({ port: 0, storage: store, logger: silent });
    const a2 = await startApiServer({ port: 0, storage: store, logger: silent });
    const c = new RestClient({ servers: [a1.url, a2.url], retryBaseDelayMs: 10 });
    const inf = newSharedInformer<Pod>(c, R.pods, { namespace: 'ha', backoff: { durationMs: 10, capMs: 100 } });
    const names = () => inf.lister.list().map((p) => p.metadata.name).sort();
    const ctl = new AbortController();
    try {
      await c.create(R.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ha' } });
      await c.create(R.pods, 'ha', { ...pod('one'), metadata: { name: 'one', namespace: 'ha' } });
      const done = inf.run(ctl.signal);
      await inf.waitForSync();
      expect(names()).toEqual(['one']);
      expect(c.currentServer()).toBe(a1.url);

      await a1.close();
      await c.create(R.pods, 'ha', { ...pod('two'), metadata: { name: 'two', namespace: 'ha' } });
      expect(c.currentServer()).toBe(a2.url);
      await waitFor(() => names().length === 2, { timeoutMs: 10_000 });
      expect(names()).toEqual(['one', 'two']);
      ctl.abort();
      await done;
    } finally {
      ctl.abort();
      c.close();
      await a1.close();
      await a2.close();
      await store.close();
    }
  });
});
