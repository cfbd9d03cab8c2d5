/**
 * Storage maintenance over a real redis-server shared by two in-process apiservers: one elected
 * runner of compaction and TTL reaping, taken over when it stops; Events expiring by TTL with a
 * DELETED event (never a Redis EXPIRE); compaction by size; the kubernetes endpoints following
 * the live apiservers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { R, pollUntil, realClock, type KubeObject, type Lease } from '@kemu/api';
import { RestClient } from '@kemu/client';
import { MemoryStore, objectKey } from '@kemu/storage';
import pino from 'pino';
import { startRedis, type RedisServer } from '../../../../test/support/redis-server.js';
import { openWatch, startHarness, type Harness } from '../testing/harness.js';
import { compactBySize } from './size-compactor.js';
import { EndpointReconciler, ENDPOINT_ANNOTATION, IDENTITY_LABEL } from './endpoint-reconciler.js';
import { MAINTENANCE_LEASE } from './maintenance.js';
import { TokenAuthenticator, parseTokenFile } from '../auth/index.js';
import { apiserverSANs, createCertificateAuthority, issueServingCertificate } from '@kemu/cli';

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function until<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  return pollUntil(fn, { timeoutMs, intervalMs: 50, what });
}

async function redis(): Promise<RedisServer> {
  const r = await startRedis();
  cleanup.push(() => r.stop());
  return r;
}

async function apiserver(storage: string, identity: string, extra: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness({ storage, identity, ...extra });
  cleanup.push(() => h.close());
  return h;
}

const LEASE_PATH = `/apis/coordination.k8s.io/v1/namespaces/${MAINTENANCE_LEASE.namespace}/leases/${MAINTENANCE_LEASE.name}`;
const CMS = '/api/v1/namespaces/default/configmaps';

describe('elected storage maintenance', () => {
  it('runs on exactly one apiserver, compacts on its timer (watches below get 410), and moves when that one stops', async () => {
    const r = await redis();
    const a = await apiserver(r.url, 'apiserver-a', { compactionIntervalMs: 300 });
    const b = await apiserver(r.url, 'apiserver-b', { compactionIntervalMs: 300 });
    const holder = async (h: Harness) => (await h.req('GET', LEASE_PATH)).body?.spec?.holderIdentity as string | undefined;
    const first = await until(() => holder(a), 10_000, 'a maintenance leader');
    expect(['apiserver-a', 'apiserver-b']).toContain(first);

    const created = await a.req('POST', CMS, { metadata: { name: 'c1' }, data: { v: '1' } });
    const rv = Number(created.body.metadata.resourceVersion);
    await until(async () => (await a.store.compactedRevision()) >= rv, 5000, 'timed compaction past the write');
    const w = await openWatch(b.url, `${CMS}?watch=true&resourceVersion=${rv - 1}`);
    const ev = await w.next();
    w.close();
    expect(ev).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });

    const [leader, other] = first === 'apiserver-a' ? [a, b] : [b, a];
    const t0 = Date.now();
    await leader.close();
    const next = await until(
      async () => {
        const h = await holder(other);
        return h && h !== first ? h : undefined;
      },
      10_000,
      'the other apiserver to take over',
    );
    expect(next).toBe(first === 'apiserver-a' ? 'apiserver-b' : 'apiserver-a');
    // A clean stop releases the Lease: the standby takes over within its retry period, not a lease duration.
    expect(Date.now() - t0).toBeLessThan(3500);
  });

  it('expires Events --event-ttl after their last write (create or update) with a DELETED event, without Redis EXPIRE', async () => {
    const r = await redis();
    const a = await apiserver(r.url, 'apiserver-a', { eventTTLSeconds: 1 });
    await until(async () => (await a.req('GET', LEASE_PATH)).body?.spec?.holderIdentity === 'apiserver-a', 10_000, 'the lease');
    const EVENTS = '/api/v1/namespaces/default/events';
    const list = await a.req('GET', EVENTS);
    const w = await openWatch(a.url, `${EVENTS}?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`);
    cleanup.push(() => w.close());
    const ev = {
      metadata: { name: 'e1' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
      reason: 'Test',
      message: 'first',
      type: 'Normal',
      count: 1,
    };
    expect((await a.req('POST', EVENTS, ev)).status).toBe(201);
    await new Promise((res) => setTimeout(res, 600));
    const updatedAt = Date.now();
    expect((await a.req('PATCH', `${EVENTS}/e1`, { count: 2, message: 'again' })).status).toBe(200);
    const conn = new Redis(r.port, '127.0.0.1');
    cleanup.push(() => conn.disconnect());
    expect(await conn.pttl(`{c}o:${objectKey(R.events, 'default', 'e1')}`)).toBe(-1); // no Redis expiry on the key

    expect((await w.next()).type).toBe('ADDED');
    expect((await w.next()).type).toBe('MODIFIED');
    const deleted = await w.next(5000);
    expect(deleted).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'e1' } } });
    // The update re-attached the TTL: the Event outlived its creation by more than the TTL.
    expect(Date.now() - updatedAt).toBeGreaterThanOrEqual(950);
    expect((await a.req('GET', `${EVENTS}/e1`)).status).toBe(404);
  });
});

describe('over HTTPS with token authentication (what kemu up runs)', () => {
  it('elects and reconciles through the loopback client, which no configured token can impersonate', async () => {
    const r = await redis();
    const ca = await createCertificateAuthority();
    const serving = await issueServingCertificate(ca, { commonName: 'kube-apiserver', ...apiserverSANs() });
    const a = await apiserver(r.url, 'apiserver-a', {
      tls: { cert: serving.certPem, key: serving.keyPem },
      authenticator: new TokenAuthenticator(parseTokenFile('admintoken,kubernetes-admin,a,"system:masters"')),
    });
    expect(a.url).toMatch(/^https:/);
    const admin = new RestClient({ servers: [a.url], ca: ca.certPem, token: 'admintoken' });
    await until(
      async () => (await admin.get<Lease>(R.leases, 'kube-system', MAINTENANCE_LEASE.name)).spec.holderIdentity === 'apiserver-a',
      10_000,
      'the maintenance lease',
    );
    const leases = await admin.list<Lease>(R.leases, { namespace: 'kube-system', labelSelector: `${IDENTITY_LABEL}=kube-apiserver` });
    expect(leases.items.map((l) => l.metadata.annotations?.[ENDPOINT_ANNOTATION])).toEqual([`127.0.0.1:${a.server.port}`]);
    const stranger = new RestClient({ servers: [a.url], ca: ca.certPem, token: 'x'.repeat(64), maxAttempts: 1 });
    await expect(stranger.get(R.leases, 'kube-system', MAINTENANCE_LEASE.name)).rejects.toMatchObject({ status: { code: 401 } });
  });
});

describe('compaction by size', () => {
  it('keeps at most maxRevisions revisions of history', async () => {
    const store = new MemoryStore();
    cleanup.push(() => store.close());
    for (let i = 0; i < 20; i++) {
      await store.create(objectKey(R.configmaps, 'default', `c${i}`), {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `c${i}`, namespace: 'default' },
      } as KubeObject);
    }
    const current = await store.currentRevision();
    expect(await compactBySize(store, 5)).toBe(current - 5);
    expect(await store.compactedRevision()).toBe(current - 5);
    expect(await compactBySize(store, 5)).toBeUndefined();
  });
});

describe('the kubernetes endpoints', () => {
  it('list every live apiserver (a slice per port) and drop one that stops or whose lease expires', async () => {
    const r = await redis();
    const a = await apiserver(r.url, 'apiserver-a');
    const b = await apiserver(r.url, 'apiserver-b');
    const ports = async () => {
      const ep = (await a.req('GET', '/api/v1/namespaces/default/endpoints/kubernetes')).body;
      return (ep.subsets ?? []).flatMap((s: any) => s.addresses.map((ad: any) => `${ad.ip}:${s.ports[0].port}`)).sort();
    };
    const both = [`127.0.0.1:${a.server.port}`, `127.0.0.1:${b.server.port}`].sort();
    await until(async () => JSON.stringify(await ports()) === JSON.stringify(both), 10_000, 'both apiservers in the endpoints');
    const slices = await a.req(
      'GET',
      '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io/service-name%3Dkubernetes',
    );
    expect(slices.body.items.map((s: any) => `${s.endpoints[0].addresses[0]}:${s.ports[0].port}`).sort()).toEqual(both);
    expect(slices.body.items.map((s: any) => s.metadata.name)).toContain('kubernetes');

    // A dead apiserver (a lease nobody renews) is removed once it expires.
    const client = new RestClient({ servers: [a.url] });
    const stale: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: 'apiserver-127-0-0-9-7000',
        namespace: 'kube-system',
        labels: { [IDENTITY_LABEL]: 'kube-apiserver' },
        annotations: { [ENDPOINT_ANNOTATION]: '127.0.0.9:7000' },
      },
      spec: { holderIdentity: 'dead', leaseDurationSeconds: 1, renewTime: new Date(Date.now() - 5000).toISOString().replace('Z', '000Z') },
    };
    await client.create(R.leases, 'kube-system', stale);
    const reconciler = new EndpointReconciler({
      client,
      ip: '127.0.0.1',
      port: a.server.port,
      identity: 'apiserver-a',
      leaseDurationMs: 4000,
      intervalMs: 1000,
      clock: realClock,
      log: pino({ level: 'silent' }),
    });
    expect((await reconciler.reconcile()).map((e) => `${e.ip}:${e.port}`).sort()).toEqual(both);
    await expect(client.get(R.leases, 'kube-system', 'apiserver-127-0-0-9-7000')).rejects.toMatchObject({ status: { code: 404 } });

    // A clean stop removes the apiserver at once.
    await b.close();
    expect(await ports()).toEqual([`127.0.0.1:${a.server.port}`]);
    const after = await a.req(
      'GET',
      '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io/service-name%3Dkubernetes',
    );
    expect(after.body.items.map((s: any) => s.metadata.name)).toEqual(['kubernetes']);
  });
});
