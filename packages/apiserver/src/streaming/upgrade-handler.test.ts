import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pod, startHarness, type Harness } from '../testing/harness.js';
import { parseProxyPath } from './http-proxy.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.req('POST', '/api/v1/namespaces/default/pods', pod('unbound'));
});
afterAll(() => h.close());

/** Sends a raw upgrade request; resolves the status line and the body. */
function upgrade(path: string, headers: string[], method = 'GET'): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port: h.server.port });
    s.write([`${method} ${path} HTTP/1.1`, 'Host: x', 'Connection: Upgrade', ...headers, '', ''].join('\r\n'));
    let text = '';
    s.on('data', (c) => {
      text += c.toString();
    });
    s.on('end', () => {
      const [head, body] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body: body ? JSON.parse(body) : undefined });
    });
    s.on('error', reject);
  });
}

const WS = [
  'Upgrade: websocket',
  'Sec-WebSocket-Version: 13',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  'Sec-WebSocket-Protocol: v5.channel.k8s.io',
];

describe('streaming upgrades that cannot be served', () => {
  it('answer a Status instead of switching protocols', async () => {
    const missing = await upgrade('/api/v1/namespaces/default/pods/nope/exec?command=env', WS);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ kind: 'Status', reason: 'NotFound' });
    const unbound = await upgrade('/api/v1/namespaces/default/pods/unbound/exec?command=env', WS);
    expect(unbound.status).toBe(400);
    expect(unbound.body.message).toBe('pod unbound does not have a host assigned');
    const spdy = await upgrade(
      '/api/v1/namespaces/default/pods/unbound/portforward',
      ['Upgrade: SPDY/3.1', 'X-Stream-Protocol-Version: portforward.k8s.io'],
      'POST',
    );
    expect(spdy.status).toBe(400);
    expect((await upgrade('/api/v1/namespaces/default/pods/x/bogus', WS)).status).toBe(404);
    expect((await upgrade('/api/v1/namespaces/default/pods/%E0%A4%A/exec', WS)).status).toBe(400);
  });

  it('exec without an upgrade is a 400, a proxy to an unknown pod a 404', async () => {
    const r = await h.req('GET', '/api/v1/namespaces/default/pods/unbound/exec?command=ls');
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('Upgrade request required');
    expect((await h.req('GET', '/api/v1/namespaces/default/pods/nope/proxy/')).status).toBe(404);
    expect((await h.req('GET', '/api/v1/namespaces/default/pods/unbound/proxy/')).status).toBe(503);
    expect((await h.req('GET', '/api/v1/namespaces/default/pods/a:b:c:d/proxy/')).status).toBe(400);
  });
});

describe('parseProxyPath', () => {
  it.each([
    ['/api/v1/namespaces/ns/pods/web/proxy', { resource: 'pods', namespace: 'ns', scheme: '', name: 'web', port: '', path: '/' }],
    ['/api/v1/namespaces/ns/pods/web:8080/proxy/a/b', { name: 'web', port: '8080', path: '/a/b' }],
    ['/api/v1/namespaces/ns/services/https:web:443/proxy/', { resource: 'services', scheme: 'https', name: 'web', port: '443', path: '/' }],
    [
      '/api/v1/nodes/node-1:10250/proxy/healthz',
      { resource: 'nodes', namespace: undefined, name: 'node-1', port: '10250', path: '/healthz' },
    ],
  ])('%s', (path, want) => {
    expect(parseProxyPath(path)).toMatchObject(want);
  });

  it('is undefined for other paths', () => {
    expect(parseProxyPath('/api/v1/namespaces/ns/pods/web')).toBeUndefined();
    expect(parseProxyPath('/api/v1/pods/web/proxy/')).toBeUndefined();
    expect(parseProxyPath('/api/v1/namespaces/ns/nodes/n/proxy/')).toBeUndefined();
  });
});
