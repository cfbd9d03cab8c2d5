import { describe, expect, it } from 'vitest';
import { makeNode, makePod, type PodOpts } from '../testing/fixtures.js';
import { NodeInfo } from './node-info.js';
import { workloadKey } from './workload-key.js';

describe('NodeInfo aggregates', () => {
  it('adds and removes requests and workload counts, by namespace/name, taking back the stored version', () => {
    const n = new NodeInfo(makeNode('n1'));
    const a = makePod('a', { cpu: '500m', memory: '1Gi', owner: 'rs1' });
    n.addPod(a);
    n.addPod(makePod('b', { cpu: '250m', owner: 'rs1' }));
    n.addPod(makePod('c', { labels: { app: 'x' } }));
    expect(n.requested).toEqual({ cpu: 750, memory: 2 ** 30 });
    expect(n.nonZeroRequested).toEqual({ milliCPU: 850, memory: 2 ** 30 + 2 * 200 * 2 ** 20 });
    expect(n.workloadCount(workloadKey(a)!)).toBe(2);
    // A newer version of `a` (another object, other requests) removes what `a` added.
    expect(n.removePod(makePod('a', { cpu: '2' }))).toBe(true);
    expect(n.removePod(makePod('zz'))).toBe(false);
    expect(n.requested).toEqual({ cpu: 250, memory: 0 });
    expect(n.workloadCount(workloadKey(a)!)).toBe(1);
    expect(n.pods.map((p) => p.metadata.name)).toEqual(['b', 'c']);
  });

  it('does not count pods being deleted as peers', () => {
    const n = new NodeInfo(makeNode('n1'));
    const p = makePod('a', { owner: 'rs1' });
    p.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
    n.addPod(p);
    expect(n.workloadCount(workloadKey(makePod('new', { owner: 'rs1' }))!)).toBe(0);
    n.removePod(p);
    expect(n.pods).toEqual([]);
  });

  it('a clone is independent of the original', () => {
    const n = new NodeInfo(makeNode('n1'));
    n.addPod(makePod('a', { cpu: '1', owner: 'rs1' }));
    const c = n.clone();
    n.addPod(makePod('b', { cpu: '1', owner: 'rs1' }));
    expect(c.pods.length).toBe(1);
    expect(c.requested.cpu).toBe(1000);
    expect(c.workloadCount(workloadKey(makePod('x', { owner: 'rs1' }))!)).toBe(1);
    expect(n.workloadCount(workloadKey(makePod('x', { owner: 'rs1' }))!)).toBe(2);
  });
});

describe('workloadKey', () => {
  it.each<{ name: string; a: PodOpts; b: PodOpts; same: boolean }>([
    {
      name: 'same controller, other labels: same key',
      a: { owner: 'rs1', labels: { v: '1' } },
      b: { owner: 'rs1', labels: { v: '2' } },
      same: true,
    },
    { name: 'other controller: other key', a: { owner: 'rs1' }, b: { owner: 'rs2' }, same: false },
    {
      name: 'same labels in another order, no controller: same key',
      a: { labels: { a: '1', b: '2' } },
      b: { labels: { b: '2', a: '1' } },
      same: true,
    },
    { name: 'labels that differ: other key', a: { labels: { a: '1' } }, b: { labels: { a: '1', b: '2' } }, same: false },
    { name: 'same labels, one controlled: other key', a: { labels: { a: '1' } }, b: { labels: { a: '1' }, owner: 'rs1' }, same: false },
    { name: 'same controller in another namespace: other key', a: { owner: 'rs1' }, b: { owner: 'rs1', namespace: 'other' }, same: false },
  ])('$name', ({ a, b, same }) => {
    expect(workloadKey(makePod('a', a)) === workloadKey(makePod('b', b))).toBe(same);
  });

  it('is undefined for a pod without controller and labels', () => {
    expect(workloadKey(makePod('a'))).toBeUndefined();
    expect(workloadKey(makePod('a', { labels: {} }))).toBeUndefined();
  });
});
