import { describe, expect, it } from 'vitest';
import { ReservedAddresses } from './reserved.js';

describe('ReservedAddresses', () => {
  const reserved = ReservedAddresses.withBuiltIns(['127.10.0.1:10256', '127.20.0.0/16:80', '0.0.0.0:6444']);
  const cases: [string, boolean][] = [
    ['127.0.0.1:6443', true],
    ['127.0.0.1:6379', true],
    ['127.0.0.1:40000', true],
    ['127.10.0.1:10250', true],
    ['127.10.3.7:10250', true],
    ['127.10.0.1:10256', true],
    ['127.10.0.2:10256', false],
    ['127.10.0.1:31080', false],
    ['127.20.9.9:80', true],
    ['127.21.0.1:80', false],
    ['127.50.0.3:6444', true],
    ['127.50.0.3:443', false],
    ['127.96.0.1:443', false],
    ['127.96.0.10:10250', false],
  ];
  for (const [address, want] of cases) {
    it(`${want ? 'reserves' : 'does not reserve'} ${address}`, () => {
      expect(reserved.has(address)).toBe(want);
    });
  }

  it('refuses a malformed entry', () => {
    for (const bad of ['127.0.0.1', '127.0.0.1:x', '127.0.0.300:80', '127.0.0.0/33:80', 'localhost:80', '127.0.0.1:70000'])
      expect(() => new ReservedAddresses([bad])).toThrow(`invalid reserved address "${bad}"`);
  });
});
