import { afterEach, describe, expect, it } from 'vitest';
import { createServer, request, type Server } from 'node:http';
import { connect, createServer as createTcpServer } from 'node:net';
import { FakeClock, R, type EndpointSlice, type Event, type Service } from '@kemu/api';
import { FakeClient, waitFor } from '@kemu/client/testing';
import { REASON_ADDRESS_RESERVED } from './proxier.js';
import { startProxy, type ServiceProxy } from './proxy.js';

const NODE_IP = '127.10.0.250';
const VIP = '127.96.250.10';
const BACKENDS = ['127.244.250.2', '127.244.250.3'];

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

async function backend(ip: string, port = 8080): Promise<Server> {
  const s = createServer((_req, res) => res.end(`hello from ${ip}`));
  await new Promise<void>((r) => s.listen(port, ip, () => r()));
  return s;
}

function service(type: Service['spec']['type'] = 'NodePort'): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      type,
      clusterIP: VIP,
      clusterIPs: [VIP],
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 8000, targetPort: 8080, protocol: 'TCP', nodePort: 31080 }],
    },
  };
}

function slice(ips: { ip: string; ready?: boolean; terminating?: boolean }[]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-abc12', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    endpoints: ips.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready ?? true, serving: e.ready ?? true, terminating: e.terminating ?? false },
    })),
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  };
}

let proxy: ServiceProxy | undefined;
const servers: Server[] = [];
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise((r) => {
          s.close(r);
          s.closeAllConnections();
        }),
    ),
  );
});

async function start(client: FakeClient) {
  proxy = await startProxy({ client, nodeName: 'node-250', nodeIP: NODE_IP, healthzPort: 0, retryMs: 50 });
  await proxy.ready();
  await waitFor(() => proxy!.proxier.servicePort('default/web:http')?.boundAddresses().length === 2);
  return proxy;
}

describe('proxy', () => {
  it('forwards ClusterIP and NodePort connections, round robin over ready endpoints', async () => {
    for (const ip of BACKENDS) servers.push(await backend(ip));
    const client = new FakeClient([service(), slice(BACKENDS.map((ip) => ({ ip })))]);
    const p = await start(client);
    expect(p.proxier.servicePort('default/web:http')!.boundAddresses().sort()).toEqual([`${NODE_IP}:31080`, `${VIP}:8000`]);
    const viaVip = [
      await get(`http://${VIP}:8000/`),
      await get(`http://${VIP}:8000/`),
      await get(`http://${VIP}:8000/`),
      await get(`http://${VIP}:8000/`),
    ];
    expect(new Set(viaVip)).toEqual(new Set(BACKENDS.map((ip) => `hello from ${ip}`)));
    expect(viaVip[0]).not.toBe(viaVip[1]);
    expect(viaVip[0]).toBe(viaVip[2]);
    const viaNodePort = [await get(`http://${NODE_IP}:31080/`), await get(`http://${NODE_IP}:31080/`)];
    expect(new Set(viaNodePort).size).toBe(2);
    expect(await get(`http://${NODE_IP}:${p.healthzPort}/healthz`)).toBe('ok');
  });

  it('skips a backend that refuses and ignores endpoints that are not ready', async () => {
    servers.push(await backend(BACKENDS[0]));
    const client = new FakeClient([
      service('ClusterIP'),
      slice([{ ip: BACKENDS[0] }, { ip: BACKENDS[1] }, { ip: '127.244.250.9', ready: false }]),
    ]);
    proxy = await startProxy({ client, nodeName: 'node-250', nodeIP: NODE_IP, retryMs: 50 });
    await proxy.ready();
    await waitFor(() => proxy!.proxier.servicePort('default/web:http')?.boundAddresses().length === 1);
    expect(proxy.proxier.servicePort('default/web:http')!.backendKeys()).toEqual([`${BACKENDS[0]}:8080`, `${BACKENDS[1]}:8080`]);
    for (let i = 0; i < 4; i++) expect(await get(`http://${VIP}:8000/`)).toBe(`hello from ${BACKENDS[0]}`);
  });

  it('keeps its listeners across endpoint updates and resets connections when no endpoint is left', async () => {
    for (const ip of BACKENDS) servers.push(await backend(ip));
    const client = new FakeClient([service(), slice([{ ip: BACKENDS[0] }])]);
    const p = await start(client);
    expect(await get(`http://${VIP}:8000/`)).toBe(`hello from ${BACKENDS[0]}`);
    // A long-lived connection opened before the update survives it.
    const held = connect({ host: VIP, port: 8000 });
    await new Promise((r) => held.once('connect', r));
    await client.update(R.endpointslices, {
      ...slice([{ ip: BACKENDS[1] }]),
      metadata: {
        ...slice([]).metadata,
        resourceVersion: client.tracked<EndpointSlice>(R.endpointslices, 'default', 'web-abc12')!.metadata.resourceVersion,
      },
    });
    await waitFor(() => p.proxier.servicePort('default/web:http')!.backendKeys()[0] === `${BACKENDS[1]}:8080`);
    expect(await get(`http://${VIP}:8000/`)).toBe(`hello from ${BACKENDS[1]}`);
    expect(held.destroyed).toBe(false);
    held.destroy();

    await client.delete(R.endpointslices, 'default', 'web-abc12');
    await waitFor(() => p.proxier.servicePort('default/web:http')!.backendKeys().length === 0);
    await expect(get(`http://${VIP}:8000/`)).rejects.toThrow(/ECONNRESET|socket hang up/);
    expect(p.proxier.servicePort('default/web:http')!.boundAddresses()).toHaveLength(2);
  });

  it('closes the listeners of a deleted service', async () => {
    servers.push(await backend(BACKENDS[0]));
    const client = new FakeClient([service(), slice([{ ip: BACKENDS[0] }])]);
    const p = await start(client);
    await client.delete(R.services, 'default', 'web');
    await waitFor(() => p.proxier.servicePort('default/web:http') === undefined);
    await expect(get(`http://${VIP}:8000/`)).rejects.toThrow(/ECONNREFUSED/);
    await expect(get(`http://${NODE_IP}:31080/`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('takes over a ClusterIP when the proxy holding it goes away', async () => {
    servers.push(await backend(BACKENDS[0]));
    const client = new FakeClient([service('ClusterIP'), slice([{ ip: BACKENDS[0] }])]);
    const first = await startProxy({ client, nodeName: 'node-250', nodeIP: NODE_IP, retryMs: 50 });
    await first.ready();
    await waitFor(() => first.proxier.servicePort('default/web:http')?.boundAddresses().length === 1);
    proxy = await startProxy({ client, nodeName: 'node-251', nodeIP: '127.10.0.251', retryMs: 50 });
    await proxy.ready();
    await waitFor(() => proxy!.proxier.servicePort('default/web:http') !== undefined);
    expect(proxy.proxier.servicePort('default/web:http')!.boundAddresses()).toEqual([]);
    await first.close();
    await waitFor(() => proxy!.proxier.servicePort('default/web:http')!.boundAddresses().length === 1, { timeoutMs: 2000 });
    expect(await get(`http://${VIP}:8000/`)).toBe(`hello from ${BACKENDS[0]}`);
  });

  it('pins a client to one backend with ClientIP session affinity', async () => {
    for (const ip of BACKENDS) servers.push(await backend(ip));
    const svc = service('ClusterIP');
    svc.spec.sessionAffinity = 'ClientIP';
    const client = new FakeClient([svc, slice(BACKENDS.map((ip) => ({ ip })))]);
    proxy = await startProxy({ client, nodeName: 'node-250', nodeIP: NODE_IP, retryMs: 50 });
    await proxy.ready();
    await waitFor(() => proxy!.proxier.servicePort('default/web:http')?.boundAddresses().length === 1);
    const answers = new Set<string>();
    for (let i = 0; i < 4; i++) answers.add(await get(`http://${VIP}:8000/`));
    expect(answers.size).toBe(1);
  });

  it('serves a NodePort with externalTrafficPolicy Local from the endpoints on its own node', async () => {
    for (const ip of BACKENDS) servers.push(await backend(ip));
    const svc = service('NodePort');
    svc.spec.externalTrafficPolicy = 'Local';
    const s = slice(BACKENDS.map((ip) => ({ ip })));
    s.endpoints[0].nodeName = 'node-250';
    s.endpoints[1].nodeName = 'node-other';
    const client = new FakeClient([svc, s]);
    proxy = await startProxy({ client, nodeName: 'node-250', nodeIP: NODE_IP, retryMs: 50 });
    await proxy.ready();
    await waitFor(() => proxy!.proxier.servicePort('default/web:http#local')?.boundAddresses().length === 1);
    expect(proxy.proxier.servicePort('default/web:http#local')!.backendKeys()).toEqual([`${BACKENDS[0]}:8080`]);
    for (let i = 0; i < 3; i++) expect(await get(`http://${NODE_IP}:31080/`)).toBe(`hello from ${BACKENDS[0]}`);
    const viaVip = new Set([await get(`http://${VIP}:8000/`), await get(`http://${VIP}:8000/`)]);
    expect(viaVip.size).toBe(2);
  });

  it('stops when its signal aborts', async () => {
    servers.push(await backend(BACKENDS[0]));
    const client = new FakeClient([service('ClusterIP'), slice([{ ip: BACKENDS[0] }])]);
    const stop = new AbortController();
    proxy = await startProxy({ client, nodeName: 'node-250', nodeIP: NODE_IP, retryMs: 50, signal: stop.signal });
    await proxy.ready();
    await waitFor(() => proxy!.proxier.servicePort('default/web:http')?.boundAddresses().length === 1);
    expect(await get(`http://${VIP}:8000/`)).toBe(`hello from ${BACKENDS[0]}`);
    stop.abort();
    await proxy.close();
    await expect(get(`http://${VIP}:8000/`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('forgets a client’s backend once the affinity timeout has passed on its clock', async () => {
    for (const ip of BACKENDS) servers.push(await backend(ip));
    const svc = service('ClusterIP');
    svc.spec.sessionAffinity = 'ClientIP';
    svc.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10 } };
    const clock = new FakeClock();
    const client = new FakeClient([svc, slice(BACKENDS.map((ip) => ({ ip })))]);
    proxy = await startProxy({ client, nodeName: 'node-250', nodeIP: NODE_IP, retryMs: 50, clock });
    await proxy.ready();
    await waitFor(() => proxy!.proxier.servicePort('default/web:http')?.boundAddresses().length === 1);
    const pinned = await get(`http://${VIP}:8000/`);
    await clock.advance(9_000);
    expect(await get(`http://${VIP}:8000/`)).toBe(pinned);
    await clock.advance(11_000);
    // Round robin picks again, and its next backend is the other one.
    expect(await get(`http://${VIP}:8000/`)).not.toBe(pinned);
  });

  it('never binds an address a kemu component owns and reports each with a Warning Event on the Service', async () => {
    // A port free now, as the apiserver's is while it restarts.
    const probe = createTcpServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const apiPort = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const svc = service('ClusterIP');
    svc.spec.externalIPs = ['127.0.0.1', NODE_IP];
    svc.spec.ports = [
      { name: 'api', port: apiPort, targetPort: 8080, protocol: 'TCP' },
      { name: 'kubelet', port: 10250, targetPort: 8080, protocol: 'TCP' },
    ];
    const client = new FakeClient([svc, slice([{ ip: BACKENDS[0] }])]);
    // NODE_IP:apiPort stands for an address only the cli knows (--reserved-addresses).
    proxy = await startProxy({ client, nodeName: 'node-250', nodeIP: NODE_IP, retryMs: 50, reserved: [`${NODE_IP}:${apiPort}`] });
    await proxy.ready();
    const reported = () => client.trackedList<Event>(R.events).filter((e) => e.reason === REASON_ADDRESS_RESERVED);
    await waitFor(() => reported().length === 4);
    expect(reported().map((e) => e.type)).toEqual(['Warning', 'Warning', 'Warning', 'Warning']);
    expect(reported().map((e) => e.involvedObject.name)).toEqual(['web', 'web', 'web', 'web']);
    expect(
      reported()
        .map((e) => /Not serving (\S+):/.exec(e.message ?? '')?.[1])
        .sort(),
    ).toEqual([`127.0.0.1:${apiPort}`, '127.0.0.1:10250', `${NODE_IP}:${apiPort}`, `${NODE_IP}:10250`].sort());
    // The ClusterIP is served as usual.
    await waitFor(() => proxy!.proxier.servicePort('default/web:kubelet')?.boundAddresses().length === 1);
    expect(proxy.proxier.servicePort('default/web:api')!.boundAddresses()).toEqual([`${VIP}:${apiPort}`]);
    expect(proxy.proxier.servicePort('default/web:kubelet')!.boundAddresses()).toEqual([`${VIP}:10250`]);
    // The owner gets its address back on its next start.
    const owner = createTcpServer();
    await new Promise<void>((resolve, reject) => {
      owner.once('error', reject);
      owner.listen({ host: '127.0.0.1', port: apiPort, exclusive: true }, () => resolve());
    });
    await new Promise((r) => owner.close(r));
  });
});
