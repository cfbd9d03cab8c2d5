import { describe, expect, it } from 'vitest';
import { deployment, template } from '../testing/objects.js';
import { canonicalJson, computeHash, safeEncodeString } from './pod-template-hash.js';
import { equalIgnoreHash, getProportion, maxSurge, maxUnavailable, resolveFenceposts, scaledValue } from './util.js';

const withStrategy = (replicas: number, maxSurge: string | number, maxUnavailable: string | number) =>
  deployment('d', replicas, { app: 'd' }, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } });

describe('surge and unavailability', () => {
  it.each([
    // replicas, maxSurge, maxUnavailable → surge, unavailable
    [2, '25%', '25%', 1, 0],
    [4, '25%', '25%', 1, 1],
    [10, '25%', '25%', 3, 2],
    [3, '0%', '0%', 0, 1],
    [3, 0, 0, 0, 1],
    [5, 2, '50%', 2, 2],
    [1, '25%', '25%', 1, 0],
  ])('replicas %i, maxSurge %s, maxUnavailable %s → surge %i, unavailable %i', (replicas, s, u, surge, unavailable) => {
    const d = withStrategy(replicas, s, u);
    expect(resolveFenceposts(d, replicas)).toEqual([surge, unavailable]);
    expect(maxSurge(d)).toBe(surge);
    expect(maxUnavailable(d)).toBe(Math.min(unavailable, replicas));
  });

  it('has no surge or unavailability for Recreate', () => {
    const d = deployment('d', 4, { app: 'd' }, { strategy: { type: 'Recreate' } });
    expect(maxSurge(d)).toBe(0);
    expect(maxUnavailable(d)).toBe(0);
  });

  it('rounds percentages up for surge and down for unavailability', () => {
    expect(scaledValue('33%', 10, true, '25%')).toBe(4);
    expect(scaledValue('33%', 10, false, '25%')).toBe(3);
    expect(scaledValue(undefined, 3, true, '25%')).toBe(1);
    expect(() => scaledValue('abc', 3, true, '25%')).toThrow(/invalid value/);
  });
});

describe('proportions', () => {
  it('hands out a scale-up by size and never more than allowed', () => {
    const d = withStrategy(4, '25%', '25%');
    const rs = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'a', annotations: { 'deployment.kubernetes.io/max-replicas': '3' } },
      spec: { replicas: 2, selector: {} },
    };
    expect(getProportion(rs, d, 2, 0)).toBe(1);
    expect(getProportion(rs, d, 2, 2)).toBe(0);
    expect(getProportion({ ...rs, spec: { ...rs.spec, replicas: 0 } }, d, 2, 0)).toBe(0);
  });
});

describe('pod-template-hash', () => {
  it('is stable, ignores key order, and changes with the template and the collision count', () => {
    const a = template({ app: 'web' }, 'nginx:1');
    const reordered = { spec: a.spec, metadata: a.metadata };
    expect(computeHash(a)).toBe(computeHash(reordered));
    expect(computeHash(a)).not.toBe(computeHash(template({ app: 'web' }, 'nginx:2')));
    expect(computeHash(a, 1)).not.toBe(computeHash(a));
    expect(computeHash(a)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
  });

  it('renders like Kubernetes: decimal digits through the safe alphabet', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
  });

  it('compares templates ignoring the hash label and empty fields', () => {
    const t = template({ app: 'web' });
    const withHash = { ...t, metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } }, spec: { ...t.spec!, volumes: [] } };
    expect(equalIgnoreHash(t, withHash)).toBe(true);
    expect(equalIgnoreHash(t, template({ app: 'web' }, 'other'))).toBe(false);
  });
});
