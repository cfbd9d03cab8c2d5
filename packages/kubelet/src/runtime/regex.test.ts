import { describe, expect, it } from 'vitest';
import { compilePosix, PosixRegexError, posixToRe2 } from './regex.js';

describe('POSIX patterns in RE2 syntax', () => {
  it.each<[string, 'basic' | 'extended', string]>([
    ['a.b', 'basic', 'a.b'],
    ['\\(ab\\)*', 'basic', '(ab)*'],
    ['(ab)*', 'basic', '\\(ab\\)*'],
    ['a\\{2,3\\}', 'basic', 'a{2,3}'],
    ['a{2}', 'basic', 'a\\{2\\}'],
    ['a\\|b', 'basic', 'a|b'],
    ['a|b+?', 'basic', 'a\\|b\\+\\?'],
    ['a\\+\\?', 'basic', '(?:a+)?'],
    ['*a', 'basic', '\\*a'],
    ['^*a', 'basic', '^\\*a'],
    ['a^b$c', 'basic', 'a\\^b\\$c'],
    ['^a$', 'basic', '^a$'],
    ['\\(^a$\\)', 'basic', '(^a$)'],
    ['\\<word\\>', 'basic', '\\bword\\b'],
    ['\\.\\*\\[', 'basic', '\\.\\*\\['],
    ['[]a\\]', 'basic', '[\\]a\\\\]'],
    ['[^[:digit:]x-z]', 'basic', '[^[:digit:]x-z]'],
    ['(a|b){2,}', 'extended', '(a|b){2,}'],
    ['a{,3}', 'extended', 'a{0,3}'],
    ['a{x', 'extended', 'a\\{x'],
    ['\\(a\\)', 'extended', '\\(a\\)'],
    ['+a|?b', 'extended', '\\+a|\\?b'],
    ['a**', 'extended', '(?:a*)*'],
    ['(a+)+$', 'extended', '(a+)+$'],
    ['a)', 'extended', 'a\\)'],
  ])('%s (%s) is %s', (posix, dialect, re2) => {
    expect(posixToRe2(posix, dialect)).toBe(re2);
  });

  it.each<[string, 'basic' | 'extended', string]>([
    ['\\(a\\)\\1', 'basic', 'backreferences are not supported: `\\1`'],
    ['(a)\\1', 'extended', 'backreferences are not supported: `\\1`'],
    ['\\(a', 'basic', 'unmatched ( or \\('],
    ['(a', 'extended', 'unmatched ( or \\('],
    ['a\\)', 'basic', 'unmatched ) or \\)'],
    ['[a', 'basic', 'unmatched [, [^, [:, [., or [='],
    ['a\\', 'basic', 'trailing backslash (\\)'],
    ['a{1001}', 'extended', 'invalid repeat count: `{1001}`'],
    ['[[:nope:]]', 'extended', 'invalid character class range: `[:nope:]`'],
  ])('refuses %s (%s): %s', (posix, dialect, message) => {
    expect(() => compilePosix(posix, { dialect })).toThrow(new PosixRegexError(message));
  });

  it('matches leftmost-longest, case-insensitively and whole lines when asked', () => {
    expect(compilePosix('a|ab', { dialect: 'extended' }).matches('xab ab')).toEqual(['ab', 'ab']);
    expect(compilePosix('HELLO', { dialect: 'basic', ignoreCase: true }).test('say hello')).toBe(true);
    expect(compilePosix('hello', { dialect: 'basic', wholeLine: true }).test('say hello')).toBe(false);
    expect(compilePosix('a.c', { dialect: 'fixed' }).test('abc')).toBe(false);
    expect(compilePosix('x\ny', { dialect: 'basic' }).matches('y x')).toEqual(['y', 'x']);
  });

  it('matches a pattern that backtracking would take forever on in linear time', () => {
    const re = compilePosix('^(a+)+$', { dialect: 'extended' });
    for (const n of [33, 64, 100_000]) expect(re.test(`${'a'.repeat(n)}!`)).toBe(false);
    expect(re.test('a'.repeat(100_000))).toBe(true);
  });
});
