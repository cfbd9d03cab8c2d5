import { describe, expect, it } from 'vitest';
import { FakeClock, R, timingsFor, type Node } from '@kemu/api';
import { silentLogger } from '@kemu/client';
import { FakeClient } from '@kemu/client/testing';
import { NodeStatusReporter } from './node-status-reporter.js';

const identity = {
  nodeName: 'node-7',
  nodeIP: '127.10.0.7',
  podCIDR: '127.244.7.0/24',
  port: 10250,
  cpu: '4',
  memory: '8Gi',
  maxPods: 110,
  ephemeralStorage: '100Gi',
  bootID: 'b',
};

function reporter(client: FakeClient) {
  return new NodeStatusReporter({
    client,
    identity,
    clock: new FakeClock(),
    timings: timingsFor('fast'),
    log: silentLogger,
    images: () => [],
  });
}

describe('NodeStatusReporter.register', () => {
  it('creates the Node with its status in one request', async () => {
    const client = new FakeClient();
    const r = reporter(client);
    await r.register();
    expect(r.isRegistered()).toBe(true);
    expect(client.writes().map((a) => `${a.verb} ${a.resource}${a.subresource ? `/${a.subresource}` : ''}`)).toEqual(['create nodes']);
    const node = client.tracked<Node>(R.nodes, undefined, 'node-7')!;
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(node.status?.addresses?.[0].address).toBe('127.10.0.7');
  });

  it('posts the status separately when the server dropped it on create', async () => {
    const client = new FakeClient();
    // A server whose Node strategy resets status on create.
    client.prependReactor('create', 'nodes', (a) => {
      const { status: _dropped, ...rest } = a.object as Node;
      return { handled: true, result: client.add(rest as Node) };
    });
    const r = reporter(client);
    await r.register();
    expect(client.writes().map((a) => `${a.verb} ${a.resource}`)).toEqual(['create nodes', 'update nodes']);
    expect(client.tracked<Node>(R.nodes, undefined, 'node-7')!.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });
});
