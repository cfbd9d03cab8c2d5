import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['5m', 300_000],
    ['5m0s', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['30s', 30_000],
    ['250ms', 250],
    ['1.5s', 1500],
    ['2h0m0s', 7_200_000],
    ['1500us', 2],
    ['0s', 0],
    ['1m30s', 90_000],
  ])('%s = %d ms', (s, ms) => {
    expect(parseDuration(s)).toBe(ms);
  });

  it.each(['', '5', 'm', '5 m', '-5m', '5d', '1h-2m', 'abc'])('rejects %j', (s) => {
    expect(() => parseDuration(s)).toThrow(/invalid duration/);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [250, '250ms'],
    [1.5, '1.5ms'],
    [0.0015, '1.5µs'],
    [0.000001, '1ns'],
    [1500, '1.5s'],
    [10_000, '10s'],
    [90_000, '1m30s'],
    [300_000, '5m0s'],
    [3_600_000, '1h0m0s'],
    [3_723_500, '1h2m3.5s'],
    [-1500, '-1.5s'],
  ])('%d ms prints as Go prints it: %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('reads back what it prints', () => {
    for (const ms of [250, 1500, 90_000, 3_723_500]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
