import { describe, expect, it } from 'vitest';
import { R, type Node } from '@kemu/api';
import { FakeClient } from '@kemu/client';
import { startHollowNodes } from './hollow.js';

describe('hollow nodes', () => {
  it('runs several kubelets in one process, each on its own node IP and pod CIDR', async () => {
    const client = new FakeClient();
    const hollow = await startHollowNodes({ client, count: 2, first: 230, port: 0 });
    try {
      await Promise.all(hollow.kubelets.map((k) => k.ready()));
      const nodes = client.trackedList<Node>(R.nodes).sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
      expect(nodes.map((n) => [n.metadata.name, n.spec.podCIDR, n.status?.addresses?.[0].address])).toEqual([
        ['node-230', '127.244.230.0/24', '127.10.0.230'],
        ['node-231', '127.244.231.0/24', '127.10.0.231'],
      ]);
    } finally {
      await hollow.close();
    }
  });
});
