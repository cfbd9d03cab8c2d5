import { describe, expect, it } from 'vitest';
import { isInvalid } from '@kemu/api';
import { parseGetOptions, parseListOptions } from './read-options.js';

const q = (s: string) => new URLSearchParams(s);

describe('read options', () => {
  it('accepts any decimal resourceVersion that fits in a uint64, as kube-apiserver does', () => {
    expect(parseGetOptions(q('resourceVersion=18446744073709551615')).resourceVersion).toBe('18446744073709551615');
    expect(parseGetOptions(q('resourceVersion=0')).resourceVersion).toBe('0');
  });
  it.each(['18446744073709551616', '99999999999999999999', '-1', '1e3', 'abc'])('rejects resourceVersion=%s with 400', (rv) => {
    expect(() => parseGetOptions(q(`resourceVersion=${rv}`))).toThrow(/invalid resource version/);
  });
  it('refuses resourceVersionMatch without a resourceVersion (422)', () => {
    let err: unknown;
    try {
      parseListOptions(q('resourceVersionMatch=NotOlderThan'));
    } catch (e) {
      err = e;
    }
    expect(isInvalid(err)).toBe(true);
  });
});
