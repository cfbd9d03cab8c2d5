import { describe, expect, it } from 'vitest';
import { bytes, formatBytes, formatMilliCPU, milliCPU, parseQuantity } from './quantity.js';

describe('quantities', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    ['1.5', 1.5],
    ['128Mi', 128 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['2k', 2000],
    ['1e3', 1000],
    ['100M', 1e8],
  ])('%s = %d', (q, v) => {
    expect(parseQuantity(q)).toBeCloseTo(v);
  });
  it('converts cpu to millicores and memory to bytes', () => {
    expect(milliCPU('250m')).toBe(250);
    expect(milliCPU('1')).toBe(1000);
    expect(milliCPU('0.1')).toBe(100);
    expect(bytes('64Mi')).toBe(67108864);
  });
  it('formats', () => {
    expect(formatMilliCPU(250)).toBe('250m');
    expect(formatMilliCPU(2000)).toBe('2');
    expect(formatBytes(128 * 2 ** 20)).toBe('128Mi');
  });
  it('rejects garbage', () => {
    expect(() => parseQuantity('12xyz')).toThrow();
  });
});
