/**
 * Control-plane addresses are reserved (issue 11, case 4), on a real kemu cluster with the real
 * kubectl: a Service cannot name the apiserver's or a kubelet's address in spec.externalIPs
 * (admission ServiceExternalIPRange refuses it), and a load-balancer IP patched onto a Service's
 * status that lands on one is never bound by the proxies (a Warning Event AddressReserved instead),
 * so the apiserver and the kubelet come back on their addresses after a restart.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Cluster, httpGet, waitFor, useCluster } from './harness.js';

const cluster = new Cluster();
const { apiPort, requireCluster } = useCluster(cluster);

function serviceYaml(name: string, type: string, port: number, externalIPs: string[] = []): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: { type, selector: { app: name }, externalIPs, ports: [{ name: 'p', port, targetPort: 8080 }] },
  });
}

function create(manifest: string) {
  const file = `${cluster.home}/${Math.random().toString(36).slice(2)}.json`;
  writeFileSync(file, manifest);
  return cluster.kubectl('create', '-f', file);
}

describe('control-plane addresses', () => {
  it("refuses externalIPs on the apiserver's or a kubelet's address, admits kemu's load-balancer range", async () => {
    requireCluster();
    for (const [ip, port] of [
      ['127.0.0.1', apiPort()],
      ['127.10.0.1', 10250],
    ] as const) {
      const r = await create(serviceYaml(`steal-${port}`, 'ClusterIP', port, [ip]));
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(
        `services "steal-${port}" is forbidden: use of external IP ${ip} is denied by admission control: spec.externalIPs must be in 127.50.0.0/24`,
      );
    }
    expect((await create(serviceYaml('lb-range', 'ClusterIP', 8080, ['127.50.0.9']))).code).toBe(0);
  });

  it('never binds a load-balancer IP on a component address; the apiserver and a kubelet restart on theirs', async () => {
    requireCluster();
    // Status is not admission's business (no controller assigns LB IPs in kemu; an admin may write one).
    for (const [name, ip, port] of [
      ['lb-api', '127.0.0.1', apiPort()],
      ['lb-kubelet', '127.10.0.1', 10250],
    ] as const) {
      expect((await create(serviceYaml(name, 'LoadBalancer', port))).code).toBe(0);
      await cluster.k(
        'patch',
        'service',
        name,
        '--subresource=status',
        '--type=merge',
        '-p',
        JSON.stringify({ status: { loadBalancer: { ingress: [{ ip }] } } }),
      );
    }
    interface Events {
      items: { type: string; reason: string; message: string; involvedObject: { name: string } }[];
    }
    const reported = await waitFor(
      async () => {
        const events = (await cluster.json<Events>('get', 'events', '-n', 'default')).items.filter((e) => e.reason === 'AddressReserved');
        const names = new Set(events.map((e) => e.involvedObject.name));
        return names.has('lb-api') && names.has('lb-kubelet') ? events : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 300, what: 'AddressReserved events on lb-api and lb-kubelet' },
    );
    expect(new Set(reported.map((e) => e.type))).toEqual(new Set(['Warning']));
    expect(reported.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`Not serving 127.0.0.1:${apiPort()}:`),
        expect.stringContaining('Not serving 127.10.0.1:10250:'),
      ]),
    );

    await cluster.kemuOk('restart', 'apiserver');
    await cluster.kemuOk('restart', 'kubelet-1');
    expect((await httpGet('http://127.10.0.1:10250/healthz')).body).toBe('ok');
    await waitFor(async () => (/^node-1\s+Ready\s/m.test(await cluster.k('get', 'nodes')) ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 300,
      what: 'node-1 Ready after its kubelet restarted',
    });
  }, 180_000);
});
