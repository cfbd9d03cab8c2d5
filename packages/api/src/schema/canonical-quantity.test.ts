import { describe, expect, it } from 'vitest';
import { canonicalQuantity } from './canonical-quantity.js';

describe('canonicalQuantity', () => {
  it.each<[string | number, string | undefined]>([
    ['100m', '100m'],
    ['0.5', '500m'],
    ['2000m', '2'],
    ['1500m', '1500m'],
    ['1', '1'],
    [2, '2'],
    [0.25, '250m'],
    ['1000', '1k'],
    ['1500', '1500'],
    ['1.5k', '1500'],
    ['2M', '2M'],
    ['0.1m', '1m'],
    ['1.0001', '1001m'],
    ['128Mi', '128Mi'],
    ['1024Mi', '1Gi'],
    ['1.5Gi', '1536Mi'],
    ['0.5Ki', '512'],
    ['1536Ki', '1536Ki'],
    ['0.3Ki', '307200m'],
    ['1e3', '1e3'],
    ['1E6', '1e6'],
    ['100e-3', '100e-3'],
    ['0', '0'],
    ['0Mi', '0'],
    ['-1', '-1'],
    ['10Gi', '10Gi'],
    ['110', '110'],
    ['16Gi', '16Gi'],
    ['abc', undefined],
    ['1.5.5', undefined],
    ['', undefined],
    ['1Gb', undefined],
  ])('%s → %s', (q, out) => expect(canonicalQuantity(q)).toBe(out));
});
