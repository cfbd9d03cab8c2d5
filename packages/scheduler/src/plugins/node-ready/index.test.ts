import { describe, expect, it } from 'vitest';
import type { Toleration } from '@kemu/api';
import { NodeInfo } from '../../framework/node-info.js';
import { makeNode, makePod } from '../../testing/fixtures.js';
import { NodeReady, REASON_NOT_READY, REASON_UNKNOWN } from './index.js';

const tol = (key: string): Toleration[] => [{ key, operator: 'Exists', effect: 'NoSchedule' }];

describe('NodeReady', () => {
  it.each([
    { name: 'Ready=True passes', ready: 'True' as const, tolerations: undefined, want: undefined },
    { name: 'Ready=False rejects', ready: 'False' as const, tolerations: undefined, want: REASON_NOT_READY },
    { name: 'Ready=Unknown rejects', ready: 'Unknown' as const, tolerations: undefined, want: REASON_UNKNOWN },
    { name: 'no Ready condition rejects', ready: 'none' as const, tolerations: undefined, want: REASON_UNKNOWN },
    {
      name: 'Ready=False with a not-ready toleration passes',
      ready: 'False' as const,
      tolerations: tol('node.kubernetes.io/not-ready'),
      want: undefined,
    },
    {
      name: 'Ready=Unknown with an unreachable toleration passes',
      ready: 'Unknown' as const,
      tolerations: tol('node.kubernetes.io/unreachable'),
      want: undefined,
    },
    {
      name: 'Ready=Unknown with only a not-ready toleration rejects',
      ready: 'Unknown' as const,
      tolerations: tol('node.kubernetes.io/not-ready'),
      want: REASON_UNKNOWN,
    },
  ])('$name', ({ ready, tolerations, want }) => {
    const s = new NodeReady().filter(undefined, makePod('p', { spec: { tolerations } }), new NodeInfo(makeNode('n', { ready })));
    expect(s?.reasons[0]).toBe(want);
  });
});
