import { describe, expect, it } from 'vitest';
import type { PodSpec } from '@kemu/api';
import { NodeInfo } from '../../framework/node-info.js';
import { makeNode, makePod } from '../../testing/fixtures.js';
import { NodeAffinity, REASON } from './index.js';

const node = new NodeInfo(makeNode('n1', { labels: { disk: 'ssd', zone: 'a', cores: '8' } }));
const required = (matchExpressions: unknown[]): PodSpec['affinity'] => ({
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } },
});

describe('NodeAffinity filter', () => {
  it.each<{ name: string; nodeSelector?: Record<string, string>; affinity?: PodSpec['affinity']; want?: string }>([
    { name: 'no constraints pass' },
    { name: 'matching nodeSelector passes', nodeSelector: { disk: 'ssd' } },
    { name: 'nodeSelector with another value rejects', nodeSelector: { disk: 'hdd' }, want: REASON },
    { name: 'nodeSelector on a missing label rejects', nodeSelector: { gpu: 'yes' }, want: REASON },
    { name: 'In matches', affinity: required([{ key: 'zone', operator: 'In', values: ['a', 'b'] }]) },
    { name: 'NotIn rejects', affinity: required([{ key: 'zone', operator: 'NotIn', values: ['a'] }]), want: REASON },
    { name: 'Exists matches', affinity: required([{ key: 'disk', operator: 'Exists' }]) },
    { name: 'DoesNotExist rejects', affinity: required([{ key: 'disk', operator: 'DoesNotExist' }]), want: REASON },
    { name: 'Gt compares integers', affinity: required([{ key: 'cores', operator: 'Gt', values: ['4'] }]) },
    { name: 'Lt compares integers', affinity: required([{ key: 'cores', operator: 'Lt', values: ['4'] }]), want: REASON },
    {
      name: 'terms are ORed',
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z'] }] },
              { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] },
            ],
          },
        },
      },
    },
  ])('$name', ({ nodeSelector, affinity, want }) => {
    const s = new NodeAffinity().filter(undefined, makePod('p', { spec: { nodeSelector, affinity } }), node);
    expect(s?.reasons[0]).toBe(want);
  });
});

describe('NodeAffinity score', () => {
  it('scores the sum of matching preferred weights, normalised', () => {
    const plugin = new NodeAffinity();
    const pod = makePod('p', {
      spec: {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 10, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
              { weight: 30, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
            ],
          },
        },
      },
    });
    const nodes = [
      makeNode('both', { labels: { disk: 'ssd', zone: 'a' } }),
      makeNode('ssd', { labels: { disk: 'ssd' } }),
      makeNode('none'),
    ].map((n) => new NodeInfo(n));
    const scores = nodes.map((n) => ({ name: n.name, score: plugin.score(undefined, pod, n) }));
    expect(scores.map((s) => s.score)).toEqual([40, 10, 0]);
    plugin.normalizeScore(undefined, pod, scores);
    expect(scores.map((s) => s.score)).toEqual([100, 25, 0]);
  });
});
