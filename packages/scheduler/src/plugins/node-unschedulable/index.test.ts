import { describe, expect, it } from 'vitest';
import { NodeInfo } from '../../framework/node-info.js';
import { makeNode, makePod } from '../../testing/fixtures.js';
import { NodeUnschedulable, REASON } from './index.js';

describe('NodeUnschedulable', () => {
  const plugin = new NodeUnschedulable();
  it.each([
    { name: 'schedulable node passes', unschedulable: false, tolerations: undefined, want: undefined },
    { name: 'cordoned node rejects', unschedulable: true, tolerations: undefined, want: REASON },
    {
      name: 'cordoned node takes a pod tolerating the unschedulable taint',
      unschedulable: true,
      tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists' as const, effect: 'NoSchedule' as const }],
      want: undefined,
    },
    { name: 'a toleration of everything also works', unschedulable: true, tolerations: [{ operator: 'Exists' as const }], want: undefined },
  ])('$name', ({ unschedulable, tolerations, want }) => {
    const s = plugin.filter(undefined, makePod('p', { spec: { tolerations } }), new NodeInfo(makeNode('n', { unschedulable })));
    expect(s?.reasons[0]).toBe(want);
    if (want) expect(s?.code).toBe('UnschedulableAndUnresolvable');
  });
});
