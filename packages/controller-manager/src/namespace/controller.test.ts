import { setMaxListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  R,
  RESOURCES,
  badRequest,
  type Condition,
  type KubeObject,
  type Namespace,
  type Pod,
  type ResourceInfo,
} from '@kemu/api';
import { waitFor } from '@kemu/client/testing';
import { Fixture } from '../testing/fixture.js';
import { NamespaceController } from './controller.js';

const DELETED_AT = '2025-01-01T00:00:00Z';

const namespace = (name: string, deleting = true, finalizers = ['kubernetes']): Namespace => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, ...(deleting ? { deletionTimestamp: DELETED_AT, deletionGracePeriodSeconds: 0 } : {}) },
  spec: { finalizers },
  status: { phase: deleting ? 'Terminating' : 'Active' },
});
const configMap = (ns: string, name: string, finalizers?: string[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns, finalizers },
  data: { a: 'b' },
});
const pod = (ns: string, name: string, nodeName?: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns },
  spec: { nodeName, terminationGracePeriodSeconds: 30, containers: [{ name: 'c', image: 'nginx' }] },
  status: { phase: nodeName ? 'Running' : 'Pending' },
});
const deployment = (ns: string, name: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
  },
});
const service = (ns: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: ns },
  spec: { ports: [{ port: 80 }] },
});

let fixture: Fixture | undefined;
afterEach(() => {
  fixture?.stop();
  fixture = undefined;
});

async function setup(objects: KubeObject[], resources?: readonly ResourceInfo[]) {
  const f = (fixture = new Fixture(objects, Date.parse('2025-01-01T00:00:10Z'), resources ? { resources } : undefined));
  const c = new NamespaceController(f.ctx);
  await f.start();
  f.client.clearActions();
  return { f, c };
}

/** The namespace's deletion conditions as `type=status reason: message`. */
function conditions(f: Fixture, name: string): string[] {
  const ns = f.client.tracked<Namespace>(R.namespaces, undefined, name);
  return (ns?.status?.conditions ?? []).map((c: Condition) => `${c.type}=${c.status} ${c.reason}: ${c.message}`);
}

/** Every object the fake stores in namespace `ns`, as `resource/name`. */
function contents(f: Fixture, ns: string): string[] {
  return RESOURCES.filter((r) => r.namespaced).flatMap((r) =>
    f.client
      .trackedList(r)
      .filter((o) => o.metadata.namespace === ns)
      .map((o) => `${r.resource}/${o.metadata.name}`),
  );
}

describe('NamespaceController', () => {
  it('leaves namespaces that are not being deleted alone', async () => {
    const { f, c } = await setup([namespace('live', false), configMap('live', 'cm')]);
    await c.sync('live');
    await c.sync('missing');
    expect(f.client.actions).toEqual([]);
  });

  it('deletes every namespaced object in a terminating namespace, then finalizes it', async () => {
    const { f, c } = await setup([
      namespace('x'),
      configMap('x', 'cm'),
      deployment('x', 'web'),
      service('x', 'web'),
      pod('x', 'pending'),
      namespace('other', false),
      configMap('other', 'cm'),
      pod('other', 'p'),
    ]);
    await c.sync('x');
    expect(contents(f, 'x')).toEqual([]);
    expect(contents(f, 'other')).toEqual(['pods/p', 'configmaps/cm']);
    // Gone: the apiserver (here the fake) removes it once spec.finalizers is empty.
    expect(f.client.tracked(R.namespaces, undefined, 'x')).toBeUndefined();
    const writes = f.writeSummary();
    expect(writes).toEqual(
      expect.arrayContaining(['delete pods pending', 'delete services web', 'delete configmaps cm', 'delete deployments web']),
    );
    expect(writes.slice(-2)).toEqual(['update namespaces/status x', 'update namespaces/finalize x']);
    const deletes = f.client.actions.filter((a) => a.verb === 'delete');
    expect(
      deletes.every((a) => a.namespace === 'x' && (a.options as { propagationPolicy?: string }).propagationPolicy === 'Background'),
    ).toBe(true);
    const status = f.client.actions.find((a) => a.subresource === 'status')!.object as Namespace;
    expect(status.status?.conditions?.map((c) => `${c.type}=${c.status} ${c.reason}`)).toEqual([
      'NamespaceDeletionDiscoveryFailure=False ResourcesDiscovered',
      'NamespaceDeletionGroupVersionParsingFailure=False ParsedGroupVersions',
      'NamespaceDeletionContentFailure=False ContentDeleted',
      'NamespaceContentRemaining=False ContentRemoved',
      'NamespaceFinalizersRemaining=False ContentHasNoFinalizers',
    ]);
    expect(status.status?.conditions?.every((c) => c.lastTransitionTime === '2025-01-01T00:00:10Z')).toBe(true);
  });

  it('empties resources found by discovery at sync time, such as a custom resource', async () => {
    const widgets: ResourceInfo = {
      group: 'example.com',
      version: 'v1',
      resource: 'widgets',
      singular: 'widget',
      kind: 'Widget',
      listKind: 'WidgetList',
      namespaced: true,
      shortNames: [],
      categories: [],
      verbs: ['create', 'delete', 'get', 'list', 'watch'],
      subresources: [],
    };
    const { f, c } = await setup([namespace('x')], [...RESOURCES, widgets]);
    f.client.add({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'x' } }, widgets);
    await c.sync('x');
    expect(f.client.trackedList(widgets)).toEqual([]);
    expect(f.writeSummary()).toContain('delete widgets w');
    expect(f.client.tracked(R.namespaces, undefined, 'x')).toBeUndefined();
  });

  it('waits for pods still terminating, reports them, and finalizes once they are gone', async () => {
    const { f, c } = await setup([namespace('x'), pod('x', 'running', 'node-1'), configMap('x', 'cm')]);
    const ac = new AbortController();
    setMaxListeners(0, ac.signal);
    const done = c.run(1, ac.signal);
    try {
      await waitFor(() =>
        conditions(f, 'x').includes(
          'NamespaceContentRemaining=True SomeResourcesRemain: Some resources are remaining: pods. has 1 resource instances',
        ),
      );
      expect(f.client.tracked<Pod>(R.pods, 'x', 'running')?.metadata.deletionTimestamp).toBeTruthy();
      expect(f.client.tracked(R.configmaps, 'x', 'cm')).toBeUndefined();
      expect(f.client.tracked<Namespace>(R.namespaces, undefined, 'x')?.spec?.finalizers).toEqual(['kubernetes']);
      expect(f.writeSummary()).not.toContain('update namespaces/finalize x');

      // The kubelet finishes the pod; the controller looks again after the capped requeue delay.
      await f.client.delete(R.pods, 'x', 'running', { gracePeriodSeconds: 0 });
      await f.clock.advance(f.ctx.timings.namespaceRequeueMaxMs);
      await waitFor(() => f.client.tracked(R.namespaces, undefined, 'x') === undefined);
    } finally {
      ac.abort();
      await done;
    }
  });

  it('reports objects held by finalizers and does not finalize', async () => {
    const { f, c } = await setup([namespace('x'), configMap('x', 'held', ['example.com/hold']), configMap('x', 'free')]);
    await c.sync('x');
    expect(contents(f, 'x')).toEqual(['configmaps/held']);
    expect(conditions(f, 'x')).toEqual([
      'NamespaceDeletionDiscoveryFailure=False ResourcesDiscovered: All resources successfully discovered',
      'NamespaceDeletionGroupVersionParsingFailure=False ParsedGroupVersions: All legacy kube types successfully parsed',
      'NamespaceDeletionContentFailure=False ContentDeleted: All content successfully deleted, may be waiting on finalization',
      'NamespaceContentRemaining=True SomeResourcesRemain: Some resources are remaining: configmaps. has 1 resource instances',
      'NamespaceFinalizersRemaining=True SomeFinalizersRemain: Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    ]);
    expect(f.writeSummary()).not.toContain('update namespaces/finalize x');

    // The finalizer's owner lets go: the next pass finalizes, and the conditions turn back.
    const held = f.client.tracked<KubeObject>(R.configmaps, 'x', 'held')!;
    await f.client.update(R.configmaps, { ...held, metadata: { ...held.metadata, finalizers: [] } });
    await c.sync('x');
    expect(f.client.tracked(R.namespaces, undefined, 'x')).toBeUndefined();
  });

  it('reports a failed discovery, deletes nothing and fails the pass', async () => {
    const { f, c } = await setup([namespace('x'), configMap('x', 'cm')]);
    f.client.prependReactor('get', 'discovery', () => ({ handled: true, error: new ApiError(badRequest('discovery is down').status) }));
    await expect(c.sync('x')).rejects.toThrow(/discovery is down/);
    expect(conditions(f, 'x')[0]).toBe(
      'NamespaceDeletionDiscoveryFailure=True DiscoveryFailed: Discovery failed for some groups, 1 failing: discovery is down',
    );
    expect(contents(f, 'x')).toEqual(['configmaps/cm']);
    expect(f.writeSummary()).not.toContain('update namespaces/finalize x');
  });

  it('reports content it could not delete, keeps going with the rest, and fails the pass', async () => {
    const { f, c } = await setup([namespace('x'), configMap('x', 'cm'), service('x', 'web')]);
    f.client.prependReactor('delete', 'services', () => ({ handled: true, error: new Error('boom') }));
    await expect(c.sync('x')).rejects.toThrow(/boom/);
    expect(contents(f, 'x')).toEqual(['services/web']);
    expect(conditions(f, 'x')[2]).toBe(
      'NamespaceDeletionContentFailure=True ContentDeletionFailed: Failed to delete all resource types, 1 remaining: services.: boom',
    );
    expect(f.client.tracked(R.namespaces, undefined, 'x')).toBeDefined();
  });

  it('sets phase Terminating if the namespace lacks it, and removes only its own finalizer', async () => {
    const ns = namespace('x', true, ['example.com/other', 'kubernetes']);
    ns.status = { phase: 'Active' };
    const { f, c } = await setup([ns, configMap('x', 'cm')]);
    await c.sync('x');
    const after = f.client.tracked<Namespace>(R.namespaces, undefined, 'x')!;
    expect(after.status?.phase).toBe('Terminating');
    expect(after.spec?.finalizers).toEqual(['example.com/other']);
    expect(f.writeSummary()[0]).toBe('update namespaces/status x');
    expect(f.writeSummary().at(-1)).toBe('update namespaces/finalize x');

    // Finalized by us: further passes change nothing.
    f.client.clearActions();
    await c.sync('x');
    expect(f.writeSummary()).toEqual([]);
  });
});
