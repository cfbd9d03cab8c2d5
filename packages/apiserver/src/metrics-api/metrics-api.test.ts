import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pod, startHarness, type Harness } from '../testing/harness.js';

/** A stand-in kubelet answering /stats/summary for the pods it is told about. */
async function fakeKubelet(pods: { name: string; namespace: string }[]): Promise<{ port: number; close(): void }> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/stats/summary') {
      res.writeHead(404).end();
      return;
    }
    const time = new Date().toISOString();
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(
      JSON.stringify({
        node: { cpu: { time, usageNanoCores: 250_000_000 }, memory: { time, workingSetBytes: 1024 * 1024 * 1024 } },
        pods: pods.map((p) => ({
          podRef: p,
          containers: [{ name: 'c', cpu: { time, usageNanoCores: 5_000_000 }, memory: { time, workingSetBytes: 20 * 1024 * 1024 } }],
        })),
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

describe('metrics.k8s.io', () => {
  let h: Harness;
  let kubelet: { port: number; close(): void };
  beforeAll(async () => {
    h = await startHarness();
    kubelet = await fakeKubelet([{ name: 'web-1', namespace: 'default' }]);
    const node = (name: string, port: number) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { zone: name === 'n1' ? 'a' : 'b' } },
      status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: port } } },
    });
    for (const [name, port] of [
      ['n1', kubelet.port],
      ['n2', 1],
    ] as const) {
      const created = await h.req('POST', '/api/v1/nodes', node(name, port));
      expect(created.status).toBe(201);
      await h.req('PUT', `/api/v1/nodes/${name}/status`, { ...node(name, port), metadata: created.body.metadata });
    }
    for (const name of ['web-1', 'web-2'])
      expect((await h.req('POST', '/api/v1/namespaces/default/pods', pod(name, { spec: { nodeName: 'n1' } }))).status).toBe(201);
  });
  afterAll(async () => {
    kubelet.close();
    await h.close();
  });

  it('lists node metrics from the kubelets that answer', async () => {
    const r = await h.req('GET', '/apis/metrics.k8s.io/v1beta1/nodes');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'NodeMetricsList', apiVersion: 'metrics.k8s.io/v1beta1' });
    expect(r.body.items).toHaveLength(1);
    expect(r.body.items[0]).toMatchObject({
      metadata: { name: 'n1', labels: { zone: 'a' } },
      window: '10s',
      usage: { cpu: '250000000n', memory: '1048576Ki' },
    });
    expect((await h.req('GET', '/apis/metrics.k8s.io/v1beta1/nodes?labelSelector=zone%3Db')).body.items).toEqual([]);
    expect((await h.req('GET', '/apis/metrics.k8s.io/v1beta1/nodes/n1')).body.kind).toBe('NodeMetrics');
    expect((await h.req('GET', '/apis/metrics.k8s.io/v1beta1/nodes/n2')).status).toBe(404);
  });

  it('lists pod metrics per container, only for pods the kubelet reports', async () => {
    const r = await h.req('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods');
    expect(r.body.kind).toBe('PodMetricsList');
    expect(r.body.items.map((i: any) => i.metadata.name)).toEqual(['web-1']);
    expect(r.body.items[0].containers).toEqual([{ name: 'c', usage: { cpu: '5000000n', memory: '20480Ki' } }]);
    expect((await h.req('GET', '/apis/metrics.k8s.io/v1beta1/pods')).body.items).toHaveLength(1);
    expect((await h.req('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web-1')).body.kind).toBe('PodMetrics');
    const missing = await h.req('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web-2');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('podmetrics.metrics.k8s.io "web-2" not found');
  });

  it('refuses writes and watches with a Status', async () => {
    expect((await h.req('DELETE', '/apis/metrics.k8s.io/v1beta1/nodes/n1')).status).toBe(405);
    expect((await h.req('GET', '/apis/metrics.k8s.io/v1beta1/nodes?watch=true')).status).toBe(405);
    expect((await h.req('GET', '/apis/metrics.k8s.io/v1beta1/nodes?labelSelector=%3D%3D')).status).toBe(400);
  });
});
