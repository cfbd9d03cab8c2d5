import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWatch, pod, startHarness, type Harness } from '../../testing/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ bookmarkIntervalMs: 100 });
});
afterAll(async () => {
  await h.close();
});

const PODS = '/api/v1/namespaces/default/pods';
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

describe('watch', () => {
  it('starts with synthetic ADDED events at resourceVersion 0, then streams changes', async () => {
    await h.req('POST', PODS, pod('w1'));
    const w = await openWatch(h.url, `${PODS}?watch=true&resourceVersion=0`);
    expect(w.status).toBe(200);
    expect(w.headers['content-type']).toBe('application/json');
    const first = await w.next();
    expect(first.type).toBe('ADDED');
    expect(first.object.metadata.name).toBe('w1');
    await h.req('PATCH', `${PODS}/w1`, { metadata: { labels: { app: 'web', x: '1' } } });
    const mod = await w.next();
    expect(mod.type).toBe('MODIFIED');
    expect(mod.object.metadata.labels.x).toBe('1');
    await h.req('DELETE', `${PODS}/w1`);
    const del = await w.next();
    expect(del.type).toBe('DELETED');
    expect(Number(del.object.metadata.resourceVersion)).toBeGreaterThan(Number(mod.object.metadata.resourceVersion));
    w.close();
  });

  it('sends only changes after a given resourceVersion', async () => {
    const list = await h.req('GET', PODS);
    const w = await openWatch(h.url, `${PODS}?watch=1&resourceVersion=${list.body.metadata.resourceVersion}`);
    await h.req('POST', PODS, pod('w2'));
    const ev = await w.next();
    expect(ev).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'w2' } } });
    w.close();
  });

  it('turns selector transitions into ADDED and DELETED', async () => {
    const list = await h.req('GET', PODS);
    const w = await openWatch(h.url, `${PODS}?watch=true&labelSelector=tier%3Dfront&resourceVersion=${list.body.metadata.resourceVersion}`);
    await h.req('POST', PODS, pod('w3'));
    await h.req('PATCH', `${PODS}/w3`, { metadata: { labels: { tier: 'front' } } });
    expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'w3' } } });
    await h.req('PATCH', `${PODS}/w3`, { metadata: { labels: { tier: 'front', y: '2' } } });
    expect((await w.next()).type).toBe('MODIFIED');
    await h.req('PATCH', `${PODS}/w3`, { metadata: { labels: { tier: null } } });
    expect(await w.next()).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'w3' } } });
    w.close();
  });

  it('filters by metadata.name like the informers of kubectl wait and rollout status', async () => {
    await h.req('POST', PODS, pod('w4'));
    await h.req('POST', PODS, pod('w5'));
    const w = await openWatch(h.url, `${PODS}?watch=true&fieldSelector=metadata.name%3Dw5&resourceVersion=0`);
    expect((await w.next()).object.metadata.name).toBe('w5');
    await h.req('PATCH', `${PODS}/w4`, { metadata: { labels: { z: '1' } } });
    await h.req('PATCH', `${PODS}/w5`, { metadata: { labels: { z: '1' } } });
    const ev = await w.next();
    expect(ev).toMatchObject({ type: 'MODIFIED', object: { metadata: { name: 'w5' } } });
    w.close();
  });

  it('sends Table events when asked, and bookmarks when allowed', async () => {
    const list = await h.req('GET', PODS, undefined, { Accept: TABLE_ACCEPT });
    const w = await openWatch(h.url, `${PODS}?watch=true&allowWatchBookmarks=true&resourceVersion=${list.body.metadata.resourceVersion}`, {
      Accept: TABLE_ACCEPT,
    });
    await h.req('POST', PODS, pod('w6'));
    let ev = await w.next();
    while (ev.type === 'BOOKMARK') ev = await w.next();
    expect(ev.type).toBe('ADDED');
    expect(ev.object.kind).toBe('Table');
    expect(ev.object.rows[0].cells[0]).toBe('w6');
    expect(ev.object.rows[0].object.kind).toBe('PartialObjectMetadata');
    let bm = await w.next();
    while (bm.type !== 'BOOKMARK') bm = await w.next();
    expect(bm.object.metadata.resourceVersion).toMatch(/^\d+$/);
    w.close();
  });

  it('ends the response after timeoutSeconds', async () => {
    const opened = Date.now();
    const w = await openWatch(h.url, `${PODS}?watch=true&timeoutSeconds=1&resourceVersion=0`);
    expect(w.status).toBe(200);
    const ended = await Promise.race([w.ended.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 10_000))]);
    const tookMs = Date.now() - opened;
    w.close();
    expect(ended, 'the watch was still open 10 s after a timeoutSeconds of 1').toBe(true);
    expect(tookMs).toBeGreaterThanOrEqual(950);
  });

  it('answers a compacted resourceVersion with a 410 ERROR event', async () => {
    await h.req('POST', PODS, pod('w7'));
    const rev = await h.store.currentRevision();
    await h.store.compact(rev);
    const w = await openWatch(h.url, `${PODS}?watch=true&resourceVersion=1`);
    expect(w.status).toBe(200);
    const ev = await w.next();
    expect(ev.type).toBe('ERROR');
    expect(ev.object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
    await w.ended;
  });

  it('refuses a malformed resourceVersion before streaming', async () => {
    const r = await h.req('GET', `${PODS}?watch=true&resourceVersion=abc`);
    expect(r.status).toBe(400);
  });
});
