import { describe, expect, it } from 'vitest';
import { findUntoleratedTaint, tolerates, toleratesTaint, type Taint, type Toleration } from './index.js';

const taint: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

describe('toleratesTaint', () => {
  it.each<[string, Toleration, boolean]>([
    ['Equal with the same key, value and effect', { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, true],
    ['Equal is the default operator', { key: 'dedicated', value: 'gpu' }, true],
    ['Equal with another value', { key: 'dedicated', value: 'cpu' }, false],
    ['Equal without a value against a valued taint', { key: 'dedicated' }, false],
    ['Exists ignores the value', { key: 'dedicated', operator: 'Exists' }, true],
    ['an empty effect matches every effect', { key: 'dedicated', operator: 'Exists', effect: '' }, true],
    ['another effect', { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, false],
    ['another key', { key: 'other', operator: 'Exists' }, false],
    ['Exists without a key tolerates everything', { operator: 'Exists' }, true],
  ])('%s', (_name, toleration, want) => {
    expect(toleratesTaint(toleration, taint)).toBe(want);
  });

  it('compares a value-less taint with an empty value', () => {
    expect(toleratesTaint({ key: 'k', value: '' }, { key: 'k', effect: 'NoExecute' })).toBe(true);
  });
});

describe('tolerates / findUntoleratedTaint', () => {
  const taints: Taint[] = [
    { key: 'soft', effect: 'PreferNoSchedule' },
    { key: 'a', effect: 'NoSchedule' },
    { key: 'b', effect: 'NoExecute' },
  ];

  it('needs one tolerating toleration', () => {
    expect(tolerates(undefined, taints[1])).toBe(false);
    expect(
      tolerates(
        [
          { key: 'x', operator: 'Exists' },
          { key: 'a', operator: 'Exists' },
        ],
        taints[1],
      ),
    ).toBe(true);
  });

  it('finds the first untolerated taint among the given effects only', () => {
    expect(findUntoleratedTaint(taints, [], ['NoSchedule', 'NoExecute'])).toEqual(taints[1]);
    expect(findUntoleratedTaint(taints, [{ key: 'a', operator: 'Exists' }], ['NoSchedule', 'NoExecute'])).toEqual(taints[2]);
    expect(findUntoleratedTaint(taints, [{ operator: 'Exists' }], ['NoSchedule', 'NoExecute'])).toBeUndefined();
    expect(findUntoleratedTaint(undefined, [], ['NoSchedule'])).toBeUndefined();
  });
});
