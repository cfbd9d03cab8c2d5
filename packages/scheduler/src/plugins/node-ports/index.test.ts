import { describe, expect, it } from 'vitest';
import { NodeInfo } from '../../framework/node-info.js';
import { makeNode, makePod } from '../../testing/fixtures.js';
import { NodePorts, REASON } from './index.js';

const withPort = (name: string, hostPort: number, extra: { hostIP?: string; protocol?: string } = {}) =>
  makePod(name, { spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort, ...extra }] }] } });

describe('NodePorts', () => {
  it.each([
    { name: 'free port passes', used: 8080, want: 8081, extra: {}, reason: undefined },
    { name: 'taken port rejects', used: 8080, want: 8080, extra: {}, reason: REASON },
    { name: 'same port on UDP passes', used: 8080, want: 8080, extra: { protocol: 'UDP' }, reason: undefined },
    { name: 'a specific hostIP still clashes with 0.0.0.0', used: 8080, want: 8080, extra: { hostIP: '127.10.0.1' }, reason: REASON },
  ])('$name', ({ used, want, extra, reason }) => {
    const n = new NodeInfo(makeNode('n'));
    n.addPod(withPort('old', used));
    expect(new NodePorts().filter(undefined, withPort('new', want, extra), n)?.reasons[0]).toBe(reason);
  });
});
