/**
 * The read semantics served from the watch caches, over HTTP, against the in-process store and
 * a real redis-server: consistent lists, resourceVersion / resourceVersionMatch on list and get,
 * pagination at one revision, 410 and 504 where kube-apiserver answers them, exact watch replay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../../../../test/support/redis-server.js';
import { openWatch, pod, startHarness, type Harness } from '../testing/harness.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const backends: [string, () => string][] = [
  ['memory', () => 'memory'],
  ['redis', () => redis.url],
];

function token(t: string): { v: string; rv: number; start: string } {
  return JSON.parse(Buffer.from(t, 'base64url').toString('utf8'));
}

describe.each(backends)('reads from the watch cache (%s)', (_name, storage) => {
  let h: Harness;
  /** A second apiserver with a tiny history, for the 410 paths. */
  let small: Harness;
  let ns = 0;
  /** A fresh namespace per test, so tests do not see each other's pods. */
  const fresh = async () => {
    const name = `t${++ns}-${Math.random().toString(36).slice(2, 7)}`;
    await h.req('POST', '/api/v1/namespaces', { metadata: { name } });
    return `/api/v1/namespaces/${name}/pods`;
  };

  beforeAll(async () => {
    h = await startHarness({ storage: storage(), watchCache: { blockTimeoutMs: 300 } });
    small = await startHarness({
      storage: storage() === 'memory' ? 'memory' : storage(),
      watchCache: { maxEvents: 4, minEvents: 0, blockTimeoutMs: 300 },
    });
  });
  afterAll(async () => {
    await h?.close();
    await small?.close();
  });

  it('a list right after a write returns the write (consistent read)', async () => {
    const path = await fresh();
    for (let i = 0; i < 15; i++) {
      const c = await h.req('POST', path, pod(`c${i}`));
      const l = await h.req('GET', path);
      expect(l.status).toBe(200);
      expect(l.body.items.map((p: any) => p.metadata.name)).toContain(`c${i}`);
      expect(Number(l.body.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(c.body.metadata.resourceVersion));
    }
  });

  it('replays exactly the changes after a resourceVersion, in order, then streams', async () => {
    const path = await fresh();
    const start = (await h.req('GET', path)).body.metadata.resourceVersion;
    const writes: { type: string; name: string; rv: string }[] = [];
    for (let i = 0; i < 10; i++) {
      const c = await h.req('POST', path, pod(`r${i}`));
      writes.push({ type: 'ADDED', name: `r${i}`, rv: c.body.metadata.resourceVersion });
      if (i % 3 === 0) {
        const m = await h.req('PATCH', `${path}/r${i}`, { metadata: { labels: { n: String(i) } } });
        writes.push({ type: 'MODIFIED', name: `r${i}`, rv: m.body.metadata.resourceVersion });
      }
      if (i % 4 === 1) {
        const d = await h.req('DELETE', `${path}/r${i}`, { gracePeriodSeconds: 0 });
        expect(d.status).toBe(200);
        writes.push({ type: 'DELETED', name: `r${i}`, rv: '' });
      }
    }
    const watches = [];
    for (const [from, expected] of [
      [start, writes],
      [writes[6].rv, writes.slice(7)],
    ] as const) {
      const w = await openWatch(h.url, `${path}?watch=true&resourceVersion=${from}`);
      const got = [];
      for (let i = 0; i < expected.length; i++) {
        const ev = await w.next();
        got.push({ type: ev.type, name: ev.object.metadata.name, rv: ev.type === 'DELETED' ? '' : ev.object.metadata.resourceVersion });
      }
      expect(got).toEqual(expected);
      watches.push(w);
    }
    const live = await h.req('POST', path, pod('live'));
    for (const w of watches) {
      expect(await w.next()).toMatchObject({
        type: 'ADDED',
        object: { metadata: { name: 'live', resourceVersion: live.body.metadata.resourceVersion } },
      });
      w.close();
    }
  });

  it('answers a watch from before the history with a 410 ERROR event', async () => {
    const path = '/api/v1/namespaces/default/pods';
    const first = await small.req('POST', path, pod(`old-${ns++}`));
    for (let i = 0; i < 6; i++) await small.req('PATCH', `${path}/${first.body.metadata.name}`, { metadata: { labels: { i: String(i) } } });
    const w = await openWatch(small.url, `${path}?watch=true&resourceVersion=${first.body.metadata.resourceVersion}`);
    expect(w.status).toBe(200);
    const ev = await w.next();
    expect(ev).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    expect(ev.object.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
    await w.ended;
  });

  it('waits for a NotOlderThan revision, and answers 504 with Retry-After when it does not come', async () => {
    const path = await fresh();
    const rv = Number((await h.req('GET', path)).body.metadata.resourceVersion);
    const t0 = Date.now();
    const tooNew = await h.req('GET', `${path}?resourceVersion=${rv + 1000}&resourceVersionMatch=NotOlderThan`);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(tooNew.status).toBe(504);
    expect(tooNew.headers['retry-after']).toBe('1');
    expect(tooNew.body).toMatchObject({
      reason: 'Timeout',
      code: 504,
      details: { causes: [{ reason: 'ResourceVersionTooLarge' }], retryAfterSeconds: 1 },
    });
    expect(tooNew.body.message).toMatch(/^Too large resource version: \d+, current: \d+$/);
    const getTooNew = await h.req('GET', `${path}/nothing?resourceVersion=${rv + 1000}`);
    expect(getTooNew.status).toBe(504);

    // A revision that arrives within the wait is served.
    const pending = h.req('GET', `${path}?resourceVersion=${rv + 2}&resourceVersionMatch=NotOlderThan`);
    await h.req('POST', path, pod('n1'));
    await h.req('POST', path, pod('n2'));
    const ok = await pending;
    expect(ok.status).toBe(200);
    expect(Number(ok.body.metadata.resourceVersion)).toBeGreaterThanOrEqual(rv + 2);
  });

  it('reads at exactly a past revision (list and get), 410 before the history', async () => {
    const path = await fresh();
    await h.req('POST', path, pod('a'));
    await h.req('POST', path, pod('b'));
    const then = (await h.req('GET', path)).body;
    await h.req('PATCH', `${path}/a`, { metadata: { labels: { changed: 'yes' } } });
    await h.req('DELETE', `${path}/b`, { gracePeriodSeconds: 0 });
    await h.req('POST', path, pod('c'));

    const exact = await h.req('GET', `${path}?resourceVersion=${then.metadata.resourceVersion}&resourceVersionMatch=Exact`);
    expect(exact.status).toBe(200);
    expect(exact.body.metadata.resourceVersion).toBe(then.metadata.resourceVersion);
    expect(exact.body.items).toEqual(then.items);
    const now = await h.req('GET', path);
    expect(now.body.items.map((p: any) => p.metadata.name)).toEqual(['a', 'c']);

    const a = await h.req('GET', `${path}/a?resourceVersion=${then.metadata.resourceVersion}&resourceVersionMatch=Exact`);
    expect(a.body.metadata.labels).toEqual({ app: 'web' });
    const any = await h.req('GET', `${path}/a?resourceVersion=0`);
    expect(any.body.metadata.labels.changed).toBe('yes');

    // Legacy: a revision with a limit is an exact read too.
    const legacy = await h.req('GET', `${path}?resourceVersion=${then.metadata.resourceVersion}&limit=10`);
    expect(legacy.body.items.map((p: any) => p.metadata.name)).toEqual(['a', 'b']);

    const spath = '/api/v1/namespaces/default/pods';
    const s0 = (await small.req('GET', spath)).body.metadata.resourceVersion;
    const sp = await small.req('POST', spath, pod(`e-${ns++}`));
    for (let i = 0; i < 6; i++) await small.req('PATCH', `${spath}/${sp.body.metadata.name}`, { metadata: { labels: { i: String(i) } } });
    const gone = await small.req('GET', `${spath}?resourceVersion=${s0}&resourceVersionMatch=Exact`);
    expect(gone.status).toBe(410);
    expect(gone.body).toMatchObject({ reason: 'Expired', message: 'The resourceVersion for the provided list is too old.' });
  });

  it('pages a list at one revision while it changes underneath', async () => {
    const path = await fresh();
    for (let i = 0; i < 7; i++) await h.req('POST', path, pod(`p${i}`));
    const p1 = await h.req('GET', `${path}?limit=3`);
    expect(p1.body.items.map((p: any) => p.metadata.name)).toEqual(['p0', 'p1', 'p2']);
    expect(p1.body.metadata.remainingItemCount).toBe(4);
    const t = token(p1.body.metadata.continue);
    expect(t).toEqual({ v: 'meta.k8s.io/v1', rv: Number(p1.body.metadata.resourceVersion), start: 'p2\u0000' });

    await h.req('DELETE', `${path}/p4`, { gracePeriodSeconds: 0 });
    await h.req('POST', path, pod('p3a'));
    const p2 = await h.req('GET', `${path}?limit=3&continue=${p1.body.metadata.continue}`);
    expect(p2.body.metadata.resourceVersion).toBe(p1.body.metadata.resourceVersion);
    expect(p2.body.items.map((p: any) => p.metadata.name)).toEqual(['p3', 'p4', 'p5']);
    expect(p2.body.metadata.remainingItemCount).toBe(1);
    const p3 = await h.req('GET', `${path}?limit=3&continue=${p2.body.metadata.continue}`);
    expect(p3.body.items.map((p: any) => p.metadata.name)).toEqual(['p6']);
    expect(p3.body.metadata.continue).toBeUndefined();

    const sel = await h.req('GET', `${path}?limit=2&labelSelector=app%3Dweb`);
    expect(sel.body.items).toHaveLength(2);
    expect(sel.body.metadata.remainingItemCount).toBeUndefined();
    expect(sel.body.metadata.continue).toBeDefined();

    const all = await h.req('GET', `${path}?resourceVersion=0&limit=2`);
    expect(all.body.items.map((p: any) => p.metadata.name)).toEqual(['p0', 'p1', 'p2', 'p3', 'p3a', 'p5', 'p6']);
    expect(all.body.metadata.continue).toBeUndefined();
  });

  it('answers an expired continue token with 410 and an inconsistent-continue token that continues at the latest revision', async () => {
    const spath = '/api/v1/namespaces/default/pods';
    const base = `x${ns++}`;
    for (let i = 0; i < 4; i++) await small.req('POST', spath, pod(`${base}-${i}`));
    const p1 = await small.req('GET', `${spath}?limit=2&labelSelector=app%3Dweb`);
    expect(p1.body.metadata.continue).toBeDefined();
    for (let i = 0; i < 6; i++) await small.req('PATCH', `${spath}/${base}-0`, { metadata: { labels: { i: String(i) } } });
    const expired = await small.req('GET', `${spath}?limit=2&labelSelector=app%3Dweb&continue=${p1.body.metadata.continue}`);
    expect(expired.status).toBe(410);
    expect(expired.body.reason).toBe('Expired');
    expect(expired.body.message).toMatch(
      /^The provided continue parameter is too old to display a consistent list result\. You can start a new list without the continue parameter, or use the continue token/,
    );
    const t = token(expired.body.metadata.continue);
    expect(t.rv).toBe(-1);
    expect(t.start).toBe(token(p1.body.metadata.continue).start);
    const rest = await small.req('GET', `${spath}?limit=100&labelSelector=app%3Dweb&continue=${expired.body.metadata.continue}`);
    expect(rest.status).toBe(200);
    expect(Number(rest.body.metadata.resourceVersion)).toBeGreaterThan(Number(p1.body.metadata.resourceVersion));
    const names = rest.body.items.map((p: any) => p.metadata.name);
    expect(names).toContain(`${base}-2`);
    expect(names).not.toContain(p1.body.items[0].metadata.name);
  });

  it('refuses malformed or contradictory read options', async () => {
    const path = await fresh();
    const p1 = await h.req('GET', `${path}?limit=1`);
    await h.req('POST', path, pod('o1'));
    await h.req('POST', path, pod('o2'));
    const first = await h.req('GET', `${path}?limit=1`);
    const withRv = await h.req('GET', `${path}?limit=1&resourceVersion=5&continue=${first.body.metadata.continue}`);
    expect(withRv.status).toBe(400);
    expect(withRv.body.message).toBe('specifying resource version is not allowed when using continue');
    expect(p1.status).toBe(200);
    const matchOnly = await h.req('GET', `${path}?resourceVersionMatch=Exact`);
    expect(matchOnly.status).toBe(422);
    expect(matchOnly.body.message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    );
    expect((await h.req('GET', `${path}?resourceVersion=0&resourceVersionMatch=Exact`)).status).toBe(422);
    expect((await h.req('GET', `${path}?resourceVersion=1&resourceVersionMatch=Newest`)).status).toBe(422);
    expect((await h.req('GET', `${path}?continue=bm90LWpzb24`)).status).toBe(400);
    expect((await h.req('GET', `${path}?resourceVersion=abc`)).status).toBe(400);
    expect((await h.req('GET', `${path}?watch=true&resourceVersionMatch=NotOlderThan`)).status).toBe(422);
  });

  it('sends the initial state then an initial-events-end bookmark with sendInitialEvents', async () => {
    const path = await fresh();
    await h.req('POST', path, pod('i1'));
    await h.req('POST', path, pod('i2'));
    const w = await openWatch(
      h.url,
      `${path}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan`,
    );
    expect((await w.next()).object.metadata.name).toBe('i1');
    expect((await w.next()).object.metadata.name).toBe('i2');
    const bm = await w.next();
    expect(bm).toMatchObject({
      type: 'BOOKMARK',
      object: { kind: 'Pod', apiVersion: 'v1', metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } },
    });
    const c = await h.req('POST', path, pod('i3'));
    expect(Number(c.body.metadata.resourceVersion)).toBeGreaterThan(Number(bm.object.metadata.resourceVersion));
    expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'i3' } } });
    w.close();
  });
});
