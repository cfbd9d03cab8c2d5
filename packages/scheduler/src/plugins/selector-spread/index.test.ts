import { describe, expect, it } from 'vitest';
import { NodeInfo } from '../../framework/node-info.js';
import { makeNode, makePod } from '../../testing/fixtures.js';
import { isPeer, SelectorSpread } from './index.js';

describe('SelectorSpread', () => {
  it.each([
    { name: 'same controller is a peer', a: { owner: 'rs1' }, b: { owner: 'rs1' }, want: true },
    { name: 'other controller is not', a: { owner: 'rs1' }, b: { owner: 'rs2' }, want: false },
    { name: 'same labels without controller are peers', a: { labels: { app: 'x' } }, b: { labels: { app: 'x' } }, want: true },
    { name: 'no labels and no controller are not peers', a: {}, b: {}, want: false },
    { name: 'other namespace is not a peer', a: { owner: 'rs1' }, b: { owner: 'rs1', namespace: 'other' }, want: false },
  ])('$name', ({ a, b, want }) => {
    expect(isPeer(makePod('a', a), makePod('b', b))).toBe(want);
  });

  it('scores nodes with fewer peers higher', () => {
    const plugin = new SelectorSpread();
    const pod = makePod('new', { owner: 'rs1' });
    const n1 = new NodeInfo(makeNode('n1'));
    n1.addPod(makePod('a', { owner: 'rs1', nodeName: 'n1' }));
    n1.addPod(makePod('b', { owner: 'rs1', nodeName: 'n1' }));
    const n2 = new NodeInfo(makeNode('n2'));
    n2.addPod(makePod('c', { owner: 'rs1', nodeName: 'n2' }));
    n2.addPod(makePod('d', { owner: 'other', nodeName: 'n2' }));
    const n3 = new NodeInfo(makeNode('n3'));
    const scores = [n1, n2, n3].map((n) => ({ name: n.name, score: plugin.score(undefined, pod, n) }));
    expect(scores.map((s) => s.score)).toEqual([2, 1, 0]);
    plugin.normalizeScore(undefined, pod, scores);
    expect(scores.map((s) => s.score)).toEqual([0, 50, 100]);
  });
});

describe('SelectorSpread counts agree with the peer relation', () => {
  it('for random pods (owners, labels, namespaces, pods being deleted)', async () => {
    const fc = await import('fast-check');
    const podArb = fc.record({
      owner: fc.option(fc.constantFrom('rs1', 'rs2'), { nil: undefined }),
      labels: fc.option(fc.dictionary(fc.constantFrom('app', 'tier'), fc.constantFrom('a', 'b')), { nil: undefined }),
      namespace: fc.constantFrom('default', 'other'),
      deleting: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(podArb, { maxLength: 12 }), podArb, (others, me) => {
        const node = new NodeInfo(makeNode('n'));
        const pods = others.map((o, i) => {
          const p = makePod(`p${i}`, o);
          if (o.deleting) p.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
          node.addPod(p);
          return p;
        });
        const pod = makePod('me', me);
        expect(new SelectorSpread().score(undefined, pod, node)).toBe(pods.filter((p) => isPeer(pod, p)).length);
      }),
    );
  });
});
