import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const SVCS = '/api/v1/namespaces/default/services';
const svc = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }], ...spec },
});

function inServiceCIDR(ip: string): boolean {
  return /^127\.96\.\d+\.\d+$/.test(ip) && ip !== '127.96.0.0' && ip !== '127.96.255.255';
}

describe('service allocation', () => {
  it('allocates a ClusterIP and defaults the service', async () => {
    const r = await h.req('POST', SVCS, svc('a'));
    expect(r.status).toBe(201);
    expect(inServiceCIDR(r.body.spec.clusterIP)).toBe(true);
    expect(r.body.spec.clusterIPs).toEqual([r.body.spec.clusterIP]);
    expect(r.body.spec.ports[0]).toMatchObject({ protocol: 'TCP', targetPort: 8080 });
    expect(r.body.spec.ports[0].nodePort).toBeUndefined();
  });

  it('allocates NodePorts for nodePort 0 and refuses one in use', async () => {
    const r = await h.req('POST', SVCS, svc('np', { type: 'NodePort', ports: [{ port: 8080, nodePort: 0 }] }));
    expect(r.status).toBe(201);
    const np = r.body.spec.ports[0].nodePort;
    expect(np).toBeGreaterThanOrEqual(30000);
    expect(np).toBeLessThanOrEqual(32767);
    const clash = await h.req('POST', SVCS, svc('np2', { type: 'NodePort', ports: [{ port: 80, nodePort: np }] }));
    expect(clash.status).toBe(422);
    expect(clash.body.details.causes[0].field).toBe('spec.ports[0].nodePort');
    expect(clash.body.message).toContain('provided port is already allocated');
    const outOfRange = await h.req('POST', SVCS, svc('np3', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }));
    expect(outOfRange.status).toBe(422);
  });

  it('refuses a requested ClusterIP that is taken, and releases values on delete', async () => {
    const a = (await h.req('GET', `${SVCS}/a`)).body;
    const clash = await h.req('POST', SVCS, svc('b', { clusterIP: a.spec.clusterIP }));
    expect(clash.status).toBe(422);
    expect((await h.req('DELETE', `${SVCS}/a`)).status).toBe(200);
    const reuse = await h.req('POST', SVCS, svc('b', { clusterIP: a.spec.clusterIP }));
    expect(reuse.status).toBe(201);
    expect(reuse.body.spec.clusterIP).toBe(a.spec.clusterIP);
  });

  it('keeps allocated values on an update that omits them and releases nodePorts when the type changes', async () => {
    const cur = (await h.req('GET', `${SVCS}/np`)).body;
    const np = cur.spec.ports[0].nodePort;
    const put = await h.req('PUT', `${SVCS}/np`, { ...cur, spec: { type: 'NodePort', selector: { app: 'np' }, ports: [{ port: 8080 }] } });
    expect(put.status).toBe(200);
    expect(put.body.spec.clusterIP).toBe(cur.spec.clusterIP);
    expect(put.body.spec.ports[0].nodePort).toBe(np);
    const toClusterIP = await h.req('PUT', `${SVCS}/np`, {
      ...put.body,
      spec: { ...put.body.spec, type: 'ClusterIP', ports: [{ port: 8080 }], externalTrafficPolicy: undefined },
    });
    expect(toClusterIP.status).toBe(200);
    expect(toClusterIP.body.spec.ports[0].nodePort).toBeUndefined();
    const take = await h.req('POST', SVCS, svc('np4', { type: 'NodePort', ports: [{ port: 80, nodePort: np }] }));
    expect(take.status).toBe(201);
  });

  it('never hands the same ClusterIP to services created at once', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => h.req('POST', SVCS, svc(`race-${i}`))));
    const ips = results.map((r) => r.body.spec.clusterIP);
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(ips).size).toBe(ips.length);
  });

  it('allocates nothing for headless and ExternalName services, and nothing on dry run', async () => {
    const headless = await h.req('POST', SVCS, svc('hl', { clusterIP: 'None' }));
    expect(headless.body.spec.clusterIPs).toEqual(['None']);
    const dry = await h.req('POST', `${SVCS}?dryRun=All`, svc('dry', { type: 'NodePort' }));
    expect(dry.status).toBe(201);
    expect(dry.body.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    const again = await h.req(
      'POST',
      SVCS,
      svc('dry2', { type: 'NodePort', ports: [{ port: 80, nodePort: dry.body.spec.ports[0].nodePort }] }),
    );
    expect(again.status).toBe(201);
  });
});

describe('allocation repair at start-up', () => {
  it('claims values of stored services and frees leaked claims', async () => {
    const { MemoryStore, objectKey } = await import('@kemu/storage');
    const { R } = await import('@kemu/api');
    const store = new MemoryStore();
    await store.create(objectKey(R.namespaces, undefined, 'default'), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default' },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    await store.create(objectKey(R.services, 'default', 'old'), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'old', namespace: 'default', uid: 'u1' },
      spec: {
        type: 'NodePort',
        clusterIP: '127.96.7.7',
        clusterIPs: ['127.96.7.7'],
        ports: [{ port: 80, nodePort: 31111, protocol: 'TCP' }],
      },
    });
    const leaked = { group: 'kemu.internal', resource: 'servicenodeportallocations', namespaced: false };
    await store.create(objectKey(leaked, undefined, '32222'), {
      apiVersion: 'kemu.internal/v1',
      kind: 'Allocation',
      metadata: { name: '32222', creationTimestamp: '2020-01-01T00:00:00Z' },
      owner: 'default/ghost',
    });
    const h2 = await startHarness({ storage: store });
    try {
      const ip = await h2.req('POST', SVCS, svc('x', { clusterIP: '127.96.7.7' }));
      expect(ip.status).toBe(422);
      const port = await h2.req('POST', SVCS, svc('y', { type: 'NodePort', ports: [{ port: 80, nodePort: 31111 }] }));
      expect(port.status).toBe(422);
      const freed = await h2.req('POST', SVCS, svc('z', { type: 'NodePort', ports: [{ port: 80, nodePort: 32222 }] }));
      expect(freed.status).toBe(201);
    } finally {
      await h2.close();
      await store.close();
    }
  });
});
