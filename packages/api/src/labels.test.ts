import { describe, expect, it } from 'vitest';
import { parseLabelSelector, selectorFromLabelSelector, selectorFromSet, SelectorParseError, everything } from './labels.js';

describe('parseLabelSelector', () => {
  const labels = { app: 'web', tier: 'front', version: 'v1' };
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app=db', false],
    ['app in (web,db)', true],
    ['app notin (web,db)', false],
    ['app notin (db)', true],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['missing', false],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
    ['missing!=x', true],
    ['app in (web), version in ( v1 , v2 )', true],
  ])('%j matches %j', (sel, want) => {
    expect(parseLabelSelector(sel).matches(labels)).toBe(want);
  });

  it.each(['=web', 'app in web', 'app in (web', 'app foo (x)', 'a b', 'App Name=x'])('rejects %j', (sel) => {
    expect(() => parseLabelSelector(sel)).toThrow(SelectorParseError);
  });

  it('accepts an empty value and a trailing comma, as Kubernetes does', () => {
    expect(parseLabelSelector('app=').matches({ app: '' })).toBe(true);
    expect(parseLabelSelector('app=web,').matches({ app: 'web' })).toBe(true);
  });

  it('prints a canonical form', () => {
    expect(parseLabelSelector('app=web,!x,tier in (a,b)').toString()).toBe('app=web,!x,tier in (a,b)');
  });
});

describe('structured selectors', () => {
  it('an absent LabelSelector selects nothing, an empty one everything', () => {
    expect(selectorFromLabelSelector(undefined).matches({ a: 'b' })).toBe(false);
    expect(selectorFromLabelSelector({}).matches({ a: 'b' })).toBe(true);
  });
  it('combines matchLabels and matchExpressions', () => {
    const s = selectorFromLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }],
    });
    expect(s.matches({ app: 'web', env: 'dev' })).toBe(true);
    expect(s.matches({ app: 'web', env: 'prod' })).toBe(false);
    expect(s.toString()).toBe('app=web,env notin (prod)');
  });
  it('a label set is an equality selector', () => {
    expect(selectorFromSet({ app: 'x' }).matches({ app: 'x', other: 'y' })).toBe(true);
    expect(selectorFromSet(undefined)).toBe(everything);
  });
});
