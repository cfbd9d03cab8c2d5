import { describe, expect, it } from 'vitest';
import type { Taint, Toleration } from '@kemu/api';
import { NodeInfo } from '../../framework/node-info.js';
import { makeNode, makePod } from '../../testing/fixtures.js';
import { TaintToleration } from './index.js';

describe('TaintToleration filter', () => {
  const plugin = new TaintToleration();
  it.each<{ name: string; taints: Taint[]; tolerations?: Toleration[]; want?: string }>([
    { name: 'no taints passes', taints: [] },
    {
      name: 'untolerated NoSchedule rejects with the taint',
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
      want: 'node(s) had untolerated taint {dedicated: gpu}',
    },
    {
      name: 'untolerated NoExecute rejects',
      taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }],
      want: 'node(s) had untolerated taint {node.kubernetes.io/unreachable: }',
    },
    { name: 'PreferNoSchedule never rejects', taints: [{ key: 'a', effect: 'PreferNoSchedule' }] },
    {
      name: 'Equal toleration with the same value passes',
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }],
    },
    {
      name: 'Equal toleration with another value rejects',
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'cpu' }],
      want: 'node(s) had untolerated taint {dedicated: gpu}',
    },
    {
      name: 'Exists toleration without effect passes',
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }],
      tolerations: [{ key: 'dedicated', operator: 'Exists' }],
    },
    {
      name: 'toleration for another effect rejects',
      taints: [{ key: 'dedicated', effect: 'NoExecute' }],
      tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }],
      want: 'node(s) had untolerated taint {dedicated: }',
    },
  ])('$name', ({ taints, tolerations, want }) => {
    const s = plugin.filter(undefined, makePod('p', { spec: { tolerations } }), new NodeInfo(makeNode('n', { taints })));
    expect(s?.reasons[0]).toBe(want);
  });
});

describe('TaintToleration score', () => {
  it('prefers nodes with fewer intolerable PreferNoSchedule taints', () => {
    const plugin = new TaintToleration();
    const pod = makePod('p', { spec: { tolerations: [{ key: 'ok', operator: 'Exists', effect: 'PreferNoSchedule' }] } });
    const nodes = [
      makeNode('clean'),
      makeNode('one', {
        taints: [
          { key: 'x', effect: 'PreferNoSchedule' },
          { key: 'ok', effect: 'PreferNoSchedule' },
        ],
      }),
      makeNode('two', {
        taints: [
          { key: 'x', effect: 'PreferNoSchedule' },
          { key: 'y', effect: 'PreferNoSchedule' },
        ],
      }),
    ].map((n) => new NodeInfo(n));
    const scores = nodes.map((n) => ({ name: n.name, score: plugin.score(undefined, pod, n) }));
    expect(scores.map((s) => s.score)).toEqual([0, 1, 2]);
    plugin.normalizeScore(undefined, pod, scores);
    expect(scores.map((s) => s.score)).toEqual([100, 50, 0]);
  });
});
