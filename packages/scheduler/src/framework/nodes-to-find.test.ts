import { describe, expect, it } from 'vitest';
import { numFeasibleNodesToFind } from './nodes-to-find.js';

describe('numFeasibleNodesToFind', () => {
  it.each([
    { name: 'small clusters: every node', pct: 0, nodes: 3, want: 3 },
    { name: 'just under 100 nodes: every node', pct: 0, nodes: 99, want: 99 },
    { name: 'adaptive at 1,000 nodes: 42 %', pct: 0, nodes: 1000, want: 420 },
    { name: 'adaptive at 5,000 nodes: 10 %', pct: 0, nodes: 5000, want: 500 },
    { name: 'adaptive never under 5 %', pct: 0, nodes: 10_000, want: 500 },
    { name: 'never fewer than 100', pct: 0, nodes: 150, want: 100 },
    { name: 'explicit percentage', pct: 20, nodes: 1000, want: 200 },
    { name: 'explicit percentage floored at 100 nodes', pct: 1, nodes: 1000, want: 100 },
    { name: '100 %: every node', pct: 100, nodes: 1000, want: 1000 },
  ])('$name', ({ pct, nodes, want }) => {
    expect(numFeasibleNodesToFind(pct, nodes)).toBe(want);
  });
});
