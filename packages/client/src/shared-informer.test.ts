import { describe, expect, it } from 'vitest';
import { ApiError, expired, FakeClock, R, tooLargeResourceVersion, type Pod } from '@kemu/api';
import { FakeClient } from './testing/fake-client.js';
import { waitFor } from './testing/wait.js';
import { newSharedInformer } from './shared-informer.js';
import { DefaultSharedInformerFactory } from './shared-informer-factory.js';

const pod = (name: string, nodeName?: string, labels?: Record<string, string>): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels },
  spec: { containers: [{ name: 'c' }], nodeName },
});

function recorder() {
  const calls: string[] = [];
  return {
    calls,
    handler: {
      onAdd: (o: Pod) => calls.push(`add ${o.metadata.name}`),
      onUpdate: (a: Pod, b: Pod) => calls.push(`update ${b.metadata.name} ${a.metadata.resourceVersion}->${b.metadata.resourceVersion}`),
      onDelete: (o: Pod) => calls.push(`delete ${o.metadata.name}`),
    },
  };
}

const fastBackoff = { durationMs: 1, capMs: 5, jitter: 0 };

describe('SharedInformer', () => {
  it('lists, syncs, then delivers add, update and delete in order', async () => {
    const client = new FakeClient([pod('a'), pod('b')]);
    const inf = newSharedInformer<Pod>(client, R.pods, { backoff: fastBackoff });
    const rec = recorder();
    inf.addEventHandler(rec.handler);
    const ctl = new AbortController();
    const done = inf.run(ctl.signal);
    expect(inf.hasSynced()).toBe(false);
    expect(await inf.waitForSync()).toBe(true);
    expect(rec.calls).toEqual(['add a', 'add b']);
    await waitFor(() => client.watchCount() === 1);

    await client.create(R.pods, 'default', pod('c'));
    const a = await client.get<Pod>(R.pods, 'default', 'a');
    await client.update(R.pods, { ...a, metadata: { ...a.metadata, labels: { x: 'y' } } });
    await client.delete(R.pods, 'default', 'b');
    await waitFor(() => rec.calls.length === 5);
    expect(rec.calls.slice(2)).toEqual(['add c', expect.stringMatching(/^update a \d+->\d+$/), 'delete b']);
    expect(inf.lister.get('default/a')?.metadata.labels).toEqual({ x: 'y' });
    expect(inf.lister.get('default/b')).toBeUndefined();
    expect(
      inf.lister
        .list()
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['a', 'c']);

    // The watch resumed from the list's resourceVersion.
    const watch = client.actions.find((x) => x.verb === 'watch')!;
    const list = client.actions.find((x) => x.verb === 'list')!;
    expect(list).toBeDefined();
    expect(watch.options as { resourceVersion: string; allowWatchBookmarks: boolean; timeoutSeconds: number }).toMatchObject({
      allowWatchBookmarks: true,
    });
    const ts = (watch.options as { timeoutSeconds: number }).timeoutSeconds;
    expect(ts).toBeGreaterThanOrEqual(300);
    expect(ts).toBeLessThan(600);
    ctl.abort();
    await done;
  });

  it('re-watches from the last seen resourceVersion when a watch ends', async () => {
    const client = new FakeClient([pod('a')]);
    const inf = newSharedInformer<Pod>(client, R.pods, { backoff: fastBackoff });
    const rec = recorder();
    inf.addEventHandler(rec.handler);
    const ctl = new AbortController();
    const done = inf.run(ctl.signal);
    await inf.waitForSync();
    await waitFor(() => client.watchCount() === 1);
    await client.create(R.pods, 'default', pod('b'));
    await waitFor(() => rec.calls.includes('add b'));
    const rvAfterB = client.currentResourceVersion();
    client.closeWatches();
    // Written while no watch is open: the next watch replays it from the resourceVersion.
    await client.create(R.pods, 'default', pod('c'));
    await waitFor(() => rec.calls.includes('add c'));
    const watches = client.actions.filter((x) => x.verb === 'watch');
    expect((watches[watches.length - 1].options as { resourceVersion: string }).resourceVersion).toBe(rvAfterB);
    expect(client.actions.filter((x) => x.verb === 'list')).toHaveLength(1);
    ctl.abort();
    await done;
  });

  it('relists after a 410 and turns the difference into handler calls', async () => {
    const client = new FakeClient([pod('a'), pod('b'), pod('c')]);
    const inf = newSharedInformer<Pod>(client, R.pods, { backoff: fastBackoff });
    const rec = recorder();
    inf.addEventHandler(rec.handler);
    const ctl = new AbortController();
    const done = inf.run(ctl.signal);
    await inf.waitForSync();
    await waitFor(() => client.watchCount() === 1);
    rec.calls.length = 0;

    client.closeWatches();
    await client.delete(R.pods, 'default', 'b');
    const c = await client.get<Pod>(R.pods, 'default', 'c');
    await client.update(R.pods, { ...c, metadata: { ...c.metadata, labels: { v: '2' } } });
    await client.create(R.pods, 'default', pod('d'));
    client.compact();

    await waitFor(() => rec.calls.length === 3);
    expect(rec.calls.map((s) => s.split(' ').slice(0, 2).join(' ')).sort()).toEqual(['add d', 'delete b', 'update c']);
    expect(client.actions.filter((x) => x.verb === 'list')).toHaveLength(2);
    expect(
      inf.lister
        .list()
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['a', 'c', 'd']);
    // The deleted object is reported with its last known state.
    ctl.abort();
    await done;
  });

  it('relists when the watch request itself answers 410', async () => {
    const client = new FakeClient([pod('a')]);
    let fail = true;
    client.prependReactor('watch', 'pods', () => (fail ? ((fail = false), { handled: true, error: expired('too old') }) : undefined));
    const inf = newSharedInformer<Pod>(client, R.pods, { backoff: fastBackoff });
    const ctl = new AbortController();
    const done = inf.run(ctl.signal);
    await waitFor(() => client.watchCount() === 1);
    expect(client.actions.map((x) => x.verb)).toEqual(['list', 'watch', 'list', 'watch']);
    ctl.abort();
    await done;
  });

  it('relists when the watch answers "too large resource version" (the store went back in time)', async () => {
    const client = new FakeClient([pod('a')]);
    let fail = true;
    client.prependReactor('watch', 'pods', () =>
      fail ? ((fail = false), { handled: true, error: tooLargeResourceVersion('99', '5') }) : undefined,
    );
    const inf = newSharedInformer<Pod>(client, R.pods, { backoff: fastBackoff });
    const ctl = new AbortController();
    const done = inf.run(ctl.signal);
    await waitFor(() => client.watchCount() === 1);
    expect(client.actions.map((x) => x.verb)).toEqual(['list', 'watch', 'list', 'watch']);
    ctl.abort();
    await done;
  });

  it('replaces a watch that stays silent past the idle timeout', async () => {
    const clock = new FakeClock();
    const client = new FakeClient([pod('a')], { clock });
    const inf = newSharedInformer<Pod>(client, R.pods, { clock, watchIdleTimeoutMs: 75_000 });
    const ctl = new AbortController();
    const done = inf.run(ctl.signal);
    await waitFor(() => client.watchCount() === 1);
    await clock.advance(74_000);
    expect(client.actions.filter((x) => x.verb === 'watch')).toHaveLength(1);
    await clock.advance(1_000);
    await waitFor(() => client.actions.filter((x) => x.verb === 'watch').length === 2 && client.watchCount() === 1);
    const [w1, w2] = client.actions
      .filter((x) => x.verb === 'watch')
      .map((x) => (x.options as { resourceVersion: string }).resourceVersion);
    expect(w2).toBe(w1);
    expect(client.actions.filter((x) => x.verb === 'list')).toHaveLength(1);
    ctl.abort();
    await done;
  });

  it('backs off and retries after list failures until it syncs', async () => {
    const client = new FakeClient([pod('a')]);
    let failures = 3;
    client.prependReactor('list', 'pods', () => (failures-- > 0 ? { handled: true, error: new Error('connect ECONNREFUSED') } : undefined));
    const inf = newSharedInformer<Pod>(client, R.pods, { backoff: fastBackoff });
    const ctl = new AbortController();
    const done = inf.run(ctl.signal);
    expect(await inf.waitForSync()).toBe(true);
    expect(client.actions.filter((x) => x.verb === 'list')).toHaveLength(4);
    ctl.abort();
    await done;
  });

  it('replays the cache to a handler added late and supports indexes', async () => {
    const client = new FakeClient([pod('a', 'n1'), pod('b', 'n2'), pod('c', 'n1', { app: 'web' })]);
    const inf = newSharedInformer<Pod>(client, R.pods);
    inf.addIndexer('nodeName', (p) => (p.spec.nodeName ? [p.spec.nodeName] : []));
    const ctl = new AbortController();
    const done = inf.run(ctl.signal);
    await inf.waitForSync();
    const rec = recorder();
    inf.addEventHandler(rec.handler);
    expect(rec.calls.sort()).toEqual(['add a', 'add b', 'add c']);
    expect(
      inf.lister
        .byIndex('nodeName', 'n1')
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['a', 'c']);
    expect(inf.lister.listNamespace('default').length).toBe(3);
    expect(inf.lister.listNamespace('other')).toEqual([]);
    const { parseLabelSelector } = await import('@kemu/api');
    expect(inf.lister.list(parseLabelSelector('app=web')).map((p) => p.metadata.name)).toEqual(['c']);
    ctl.abort();
    await done;
  });

  it('freezes cached objects under test so mutation throws', async () => {
    const client = new FakeClient([pod('a')]);
    const inf = newSharedInformer<Pod>(client, R.pods);
    const ctl = new AbortController();
    const done = inf.run(ctl.signal);
    await inf.waitForSync();
    const a = inf.lister.get('default/a')!;
    expect(() => {
      a.metadata.labels = { x: 'y' };
    }).toThrow(TypeError);
    ctl.abort();
    await done;
  });

  it('keeps an informer restricted by a field selector (pods of one node)', async () => {
    const client = new FakeClient([pod('a', 'n1'), pod('b', 'n2'), pod('c')]);
    const inf = newSharedInformer<Pod>(client, R.pods, { fieldSelector: 'spec.nodeName=n1' });
    const rec = recorder();
    inf.addEventHandler(rec.handler);
    const ctl = new AbortController();
    const done = inf.run(ctl.signal);
    await inf.waitForSync();
    await waitFor(() => client.watchCount() === 1);
    expect(rec.calls).toEqual(['add a']);
    await client.createSubresource(R.pods, 'default', 'c', 'binding', { target: { kind: 'Node', name: 'n1' } });
    await waitFor(() => rec.calls.length === 2);
    expect(rec.calls[1]).toBe('add c');
    ctl.abort();
    await done;
  });

  it('does not stop on a handler that throws', async () => {
    const client = new FakeClient([pod('a'), pod('b')]);
    const inf = newSharedInformer<Pod>(client, R.pods);
    const seen: string[] = [];
    inf.addEventHandler({
      onAdd: () => {
        throw new Error('boom');
      },
    });
    inf.addEventHandler({ onAdd: (p) => seen.push(p.metadata.name!) });
    const ctl = new AbortController();
    const done = inf.run(ctl.signal);
    await inf.waitForSync();
    expect(seen).toEqual(['a', 'b']);
    ctl.abort();
    await done;
  });
});

describe('SharedInformerFactory', () => {
  it('shares one informer per resource and waits for all caches', async () => {
    const client = new FakeClient([pod('a'), { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }]);
    const f = new DefaultSharedInformerFactory(client);
    expect(f.forResource(R.pods)).toBe(f.forResource(R.pods));
    const nodes = f.forResource(R.nodes);
    const ctl = new AbortController();
    f.start(ctl.signal);
    expect(await f.waitForCacheSync(ctl.signal)).toBe(true);
    expect(nodes.lister.get('n1')?.metadata.name).toBe('n1');
    // Requested after start: started at once.
    const late = f.forResource(R.services);
    expect(await f.waitForCacheSync(ctl.signal)).toBe(true);
    expect(late.hasSynced()).toBe(true);
    // A filtered informer is separate.
    const mine = f.forResource<Pod>(R.pods, { fieldSelector: 'spec.nodeName=n1' });
    expect(mine).not.toBe(f.forResource(R.pods));
    ctl.abort();
  });

  it('waitForCacheSync answers false when the signal aborts first', async () => {
    const client = new FakeClient();
    client.prependReactor('list', '*', () => ({
      handled: true,
      error: new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 503, reason: 'ServiceUnavailable' }),
    }));
    const f = new DefaultSharedInformerFactory(client, { backoff: fastBackoff });
    f.forResource(R.pods);
    const ctl = new AbortController();
    f.start(ctl.signal);
    const p = f.waitForCacheSync(ctl.signal);
    setTimeout(() => ctl.abort(), 20);
    expect(await p).toBe(false);
  });
});
