import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pod, startHarness, type Harness } from './testing/harness.js';

let h: Harness;
let kubelet: http.Server;
const requests: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  kubelet = http.createServer((req, res) => {
    requests.push(req.url!);
    const url = new URL(req.url!, 'http://k');
    if (url.pathname.endsWith('/missing')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('container "missing" in pod "logs" is waiting to start: ContainerCreating');
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('line 1\n');
    if (url.searchParams.get('follow') === 'true') {
      const t = setTimeout(() => res.end('line 2\n'), 50);
      req.on('close', () => clearTimeout(t));
    } else {
      res.end();
    }
  });
  await new Promise<void>((r) => kubelet.listen(0, '127.0.0.1', r));
  const port = (kubelet.address() as AddressInfo).port;
  await h.req('POST', '/api/v1/nodes', {
    metadata: { name: 'node-1' },
    status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: port } } },
  });
  await h.req(
    'POST',
    '/api/v1/namespaces/default/pods',
    pod('logs', {
      spec: {
        nodeName: 'node-1',
        containers: [
          { name: 'c', image: 'x' },
          { name: 'missing', image: 'y' },
        ],
      },
    }),
  );
  await h.req('POST', '/api/v1/namespaces/default/pods', pod('single', { spec: { nodeName: 'node-1' } }));
  await h.req('POST', '/api/v1/namespaces/default/pods', pod('unbound'));
});
afterAll(async () => {
  await h.close();
  await new Promise((r) => kubelet.close(r));
});

describe('pods/log', () => {
  it('proxies to the kubelet of the pod node with the log options', async () => {
    const r = await h.req('GET', '/api/v1/namespaces/default/pods/logs/log?container=c&tailLines=10&timestamps=true');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/plain');
    expect(r.text).toBe('line 1\n');
    expect(requests.at(-1)).toBe('/containerLogs/default/logs/c?tailLines=10&timestamps=true');
  });

  it('streams with follow until the kubelet ends', async () => {
    const r = await h.req('GET', '/api/v1/namespaces/default/pods/single/log?follow=true');
    expect(r.text).toBe('line 1\nline 2\n');
  });

  it('answers 400 Statuses kubectl can print', async () => {
    const several = await h.req('GET', '/api/v1/namespaces/default/pods/logs/log');
    expect(several.status).toBe(400);
    expect(several.body.message).toBe('a container name must be specified for pod logs, choose one of: [c missing]');
    const unknown = await h.req('GET', '/api/v1/namespaces/default/pods/logs/log?container=nope');
    expect(unknown.body.message).toBe('container nope is not valid for pod logs');
    const kubeletErr = await h.req('GET', '/api/v1/namespaces/default/pods/logs/log?container=missing');
    expect(kubeletErr.status).toBe(400);
    expect(kubeletErr.body.message).toContain('is waiting to start: ContainerCreating');
    const unbound = await h.req('GET', '/api/v1/namespaces/default/pods/unbound/log');
    expect(unbound.status).toBe(400);
    expect((await h.req('GET', '/api/v1/namespaces/default/pods/nope/log')).status).toBe(404);
  });
});
