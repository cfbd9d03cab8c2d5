import { describe, expect, it } from 'vitest';
import { fitErrorMessage } from './fit-error.js';
import { unresolvable, unschedulable } from './framework/status.js';

describe('fitErrorMessage', () => {
  it('words the histogram like kube-scheduler, sorted', () => {
    const m = new Map([
      ['n1', unresolvable('node(s) had untolerated taint {node.kubernetes.io/unreachable: }')],
      ['n2', unschedulable('Insufficient cpu')],
      ['n3', unschedulable('Insufficient cpu', 'Insufficient memory')],
    ]);
    expect(fitErrorMessage(3, m)).toBe(
      '0/3 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 Insufficient cpu.',
    );
  });

  it('says so when there are no nodes', () => {
    expect(fitErrorMessage(0, new Map())).toBe('no nodes available to schedule pods');
  });
});
