/**
 * The apiserver over a real redis-server: CRUD, watch, allocation shared by two apiservers,
 * state surviving an apiserver restart, and /readyz following the store's reachability.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../../../test/support/redis-server.js';
import { openWatch, pod, startHarness, type Harness } from './testing/harness.js';

let redis: RedisServer;
let a: Harness;
let b: Harness;

beforeAll(async () => {
  redis = await startRedis();
  [a, b] = await Promise.all([startHarness({ storage: redis.url }), startHarness({ storage: redis.url })]);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await redis?.stop();
});

const PODS = '/api/v1/namespaces/default/pods';
const SVCS = '/api/v1/namespaces/default/services';

describe('apiserver over Redis', () => {
  it('bootstraps once even when two apiservers start together', async () => {
    const ns = await a.req('GET', '/api/v1/namespaces');
    expect(ns.body.items.map((n: any) => n.metadata.name).sort()).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    const svc = await b.req('GET', `${SVCS}/kubernetes`);
    expect(svc.body.spec.clusterIP).toBe('127.96.0.1');
    const ep = await a.req('GET', '/api/v1/namespaces/default/endpoints/kubernetes');
    expect(ep.status).toBe(200);
  });

  it('creates on one apiserver and reads and watches on the other', async () => {
    const list = await b.req('GET', PODS);
    const w = await openWatch(b.url, `${PODS}?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`);
    const c = await a.req('POST', PODS, pod('r1'));
    expect(c.status).toBe(201);
    const ev = await w.next();
    expect(ev).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'r1', uid: c.body.metadata.uid } } });
    const got = await b.req('GET', `${PODS}/r1`);
    expect(got.body.metadata.resourceVersion).toBe(c.body.metadata.resourceVersion);
    const stale = await b.req('PUT', `${PODS}/r1`, { ...got.body, metadata: { ...got.body.metadata, resourceVersion: '1' } });
    expect(stale.status).toBe(409);
    await a.req('DELETE', `${PODS}/r1`);
    expect((await w.next()).type).toBe('DELETED');
    w.close();
  });

  it('never gives two services the same ClusterIP or NodePort across apiservers', async () => {
    const mk = (h: Harness, i: number) =>
      h.req('POST', SVCS, {
        metadata: { name: `s${i}` },
        spec: { type: 'NodePort', selector: { app: 'x' }, ports: [{ port: 80 }] },
      });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => mk(i % 2 ? a : b, i)));
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const ips = results.map((r) => r.body.spec.clusterIP);
    const ports = results.map((r) => r.body.spec.ports[0].nodePort);
    expect(new Set(ips).size).toBe(12);
    expect(new Set(ports).size).toBe(12);
  });

  it('keeps objects and allocations across an apiserver restart', async () => {
    const svc = (await a.req('GET', `${SVCS}/s0`)).body;
    await a.close();
    a = await startHarness({ storage: redis.url });
    expect((await a.req('GET', `${SVCS}/s0`)).body.metadata.uid).toBe(svc.metadata.uid);
    const clash = await a.req('POST', SVCS, {
      metadata: { name: 'clash' },
      spec: { clusterIP: svc.spec.clusterIP, ports: [{ port: 80 }] },
    });
    expect(clash.status).toBe(422);
  });

  it('reports not ready while Redis is down and ready again after it returns', async () => {
    expect((await a.req('GET', '/readyz')).status).toBe(200);
    await redis.stop();
    const down = await a.req('GET', '/readyz');
    expect(down.status).toBe(500);
    const write = await a.req('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'x' } });
    expect(write.status).toBe(503);
    expect(write.body.kind).toBe('Status');
    redis = await startRedis({ port: redis.port });
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline && (status = (await a.req('GET', '/readyz')).status) !== 200) await new Promise((r) => setTimeout(r, 100));
    expect(status).toBe(200);
  });
});
