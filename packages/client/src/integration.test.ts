/**
 * The client against the real apiserver (in-process, memory store): CRUD, every patch type,
 * errors, informers, leader election and events over the wire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { isConflict, isNotFound, R, type Event, type Lease, type Namespace, type Pod } from '@kemu/api';
import { startApiServer, type ApiServer } from '@kemu/apiserver';
import { MemoryStore } from '@kemu/storage';
import { RestClient } from './rest-client.js';
import { newSharedInformer } from './shared-informer.js';
import { LeaderElector } from '@kemu/api';
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

/**
 * What kubectl 1.32 relies on, written down from a real kube-apiserver's discovery (kubectl
 * api-resources): group/version (preferred), resource, kind, namespaced, short names,
 * categories, and subresources that must be among those served.
 */
const KUBECTL_NEEDS: [string, string, string, boolean, string[], string[], string[]][] = [
  ['v1', 'pods', 'Pod', true, ['po'], ['all'], ['attach', 'binding', 'eviction', 'exec', 'log', 'portforward', 'proxy', 'status']],
  ['v1', 'services', 'Service', true, ['svc'], ['all'], ['proxy', 'status']],
  ['v1', 'namespaces', 'Namespace', false, ['ns'], [], ['finalize', 'status']],
  ['v1', 'nodes', 'Node', false, ['no'], [], ['proxy', 'status']],
  ['v1', 'configmaps', 'ConfigMap', true, ['cm'], [], []],
  ['v1', 'secrets', 'Secret', true, [], [], []],
  ['v1', 'events', 'Event', true, ['ev'], [], []],
  ['v1', 'endpoints', 'Endpoints', true, ['ep'], [], []],
  ['v1', 'serviceaccounts', 'ServiceAccount', true, ['sa'], [], []],
  ['v1', 'replicationcontrollers', 'ReplicationController', true, ['rc'], ['all'], ['scale', 'status']],
  ['apps/v1', 'deployments', 'Deployment', true, ['deploy'], ['all'], ['scale', 'status']],
  ['apps/v1', 'replicasets', 'ReplicaSet', true, ['rs'], ['all'], ['scale', 'status']],
  ['apps/v1', 'statefulsets', 'StatefulSet', true, ['sts'], ['all'], ['scale', 'status']],
  ['apps/v1', 'daemonsets', 'DaemonSet', true, ['ds'], ['all'], ['status']],
  ['batch/v1', 'jobs', 'Job', true, [], ['all'], ['status']],
  ['batch/v1', 'cronjobs', 'CronJob', true, ['cj'], ['all'], ['status']],
  ['autoscaling/v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, ['hpa'], ['all'], ['status']],
  ['policy/v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true, ['pdb'], [], ['status']],
  ['coordination.k8s.io/v1', 'leases', 'Lease', true, [], [], []],
  ['discovery.k8s.io/v1', 'endpointslices', 'EndpointSlice', true, [], [], []],
  [
    'apiextensions.k8s.io/v1',
    'customresourcedefinitions',
    'CustomResourceDefinition',
    false,
    ['crd', 'crds'],
    ['api-extensions'],
    ['status'],
  ],
];

const pod = (name: string, labels?: Record<string, string>): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
});

describe('RestClient against the apiserver', () => {
  it('discovers what kubectl relies on, as kube-apiserver serves it', async () => {
    const found = await client.serverResources();
    const byId = new Map(found.map((f) => [`${f.group}/${f.resource}`, f]));
    for (const [gv, resource, kind, namespaced, shortNames, categories, subresources] of KUBECTL_NEEDS) {
      const [group, version] = gv.includes('/') ? gv.split('/') : ['', gv];
      const f = byId.get(`${group}/${resource}`);
      expect(f, `${gv} ${resource}`).toBeDefined();
      expect(f, `${gv} ${resource}`).toMatchObject({ version, kind, namespaced });
      expect(f!.shortNames, `${resource} short names`).toEqual(shortNames);
      expect(f!.categories, `${resource} categories`).toEqual(categories);
      expect(f!.verbs, `${resource} verbs`).toEqual(
        expect.arrayContaining(['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']),
      );
      expect(
        f!.subresources.map((sr) => sr.name),
        `${resource} subresources`,
      ).toEqual(expect.arrayContaining(subresources));
    }
    const pods = byId.get('/pods')!;
    // kubectl drain evicts through policy/v1 only when discovery names that group and version.
    expect(pods.subresources.find((sr) => sr.name === 'eviction')).toMatchObject({
      kind: 'Eviction',
      group: 'policy',
      version: 'v1',
      verbs: ['create'],
    });
    for (const id of ['apps/deployments', 'apps/replicasets', 'apps/statefulsets', '/replicationcontrollers']) {
      expect(
        byId.get(id)!.subresources.find((sr) => sr.name === 'scale'),
        id,
      ).toMatchObject({ kind: 'Scale', group: 'autoscaling', version: 'v1' });
    }
    expect(byId.get('metrics.k8s.io/pods')).toMatchObject({ version: 'v1beta1', kind: 'PodMetrics', verbs: ['get', 'list'] });
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
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'tobind', namespace: 'default' },
      target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' },
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
    const aDone = a.run(
      {
        lock: lock('a'),
        ...timings,
        onStartedLeading: () => {
          started.push('a');
        },
        onStoppedLeading: () => undefined,
      },
      aCtl.signal,
    );
    await waitFor(() => a.isLeader());
    const bDone = b.run(
      {
        lock: lock('b'),
        ...timings,
        onStartedLeading: () => {
          started.push('b');
        },
        onStoppedLeading: () => undefined,
      },
      bCtl.signal,
    );
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
    expect(events.items[0]).toMatchObject({
      reason: 'Testing',
      count: 2,
      involvedObject: { kind: 'Pod', name: 'evt', uid: target.metadata.uid },
    });
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
    const names = () =>
      inf.lister
        .list()
        .map((p) => p.metadata.name)
        .sort();
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
