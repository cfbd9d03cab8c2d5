import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './durations.js';

describe('parseDuration', () => {
  it.each([
    ['0', 0], ['5m', 300_000], ['5m0s', 300_000], ['1h', 3_600_000], ['1h30m', 5_400_000], ['30s', 30_000],
    ['250ms', 250], ['1.5s', 1500], ['2h0m0s', 7_200_000], ['1500us', 2], ['0s', 0],
  ])('%s = %d ms', (s, ms) => {
    expect(parseDuration(s)).toBe(ms);
  });

  it.each(['', '5', 'm', '5 m', '-5m', '5d', '1h-2m', 'abc'])('rejects %j', (s) => {
    expect(() => parseDuration(s)).toThrow(/invalid duration/);
  });
});

describe('formatDuration', () => {
  it('prints as Go does', () => {
    expect(formatDuration(300_000)).toBe('5m0s');
    expect(formatDuration(3_600_000)).toBe('1h0m0s');
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(0)).toBe('0s');
  });
});
