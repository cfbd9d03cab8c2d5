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
