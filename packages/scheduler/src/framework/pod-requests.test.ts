import { describe, expect, it } from 'vitest';
import type { Pod } from '@kemu/api';
import { podNonZeroRequests, podRequests, resourceListOf } from './pod-requests.js';

const pod = (cpu?: string, init?: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: {
    containers: [
      { name: 'a', image: 'x', resources: cpu ? { requests: { cpu, memory: '64Mi' } } : undefined },
      { name: 'b', image: 'x' },
    ],
    initContainers: init ? [{ name: 'i', image: 'x', resources: { requests: { cpu: init } } }] : undefined,
  },
});

describe('pod requests', () => {
  it('sums app containers, takes the max with init containers, applies scoring defaults', () => {
    expect(podRequests(pod('250m'))).toEqual({ cpu: 250, memory: 64 * 2 ** 20 });
    expect(podRequests(pod('250m', '1'))).toEqual({ cpu: 1000, memory: 64 * 2 ** 20 });
    expect(podNonZeroRequests(pod('250m'))).toEqual({ milliCPU: 350, memory: 64 * 2 ** 20 + 200 * 2 ** 20 });
  });

  it('memoizes per object: the same pod object gives the same record, a new version is computed afresh', () => {
    const a = pod('100m');
    expect(podRequests(a)).toBe(podRequests(a));
    expect(podNonZeroRequests(a)).toBe(podNonZeroRequests(a));
    const b = pod('200m');
    expect(podRequests(b).cpu).toBe(200);
    const list = { cpu: '4', memory: '8Gi', pods: '110' };
    expect(resourceListOf(list)).toBe(resourceListOf(list));
    expect(resourceListOf(list)).toEqual({ cpu: 4000, memory: 8 * 2 ** 30, pods: 110 });
    expect(resourceListOf(undefined)).toEqual({});
  });
});
