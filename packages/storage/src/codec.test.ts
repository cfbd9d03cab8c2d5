import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { KubeObject } from '@kemu/api';
import { decodeObject, encodeObject } from './codec.js';
import { StorageError } from './interfaces.js';

function shuffleKeys(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return v.map((x) => shuffleKeys(x, seed));
  if (v === null || typeof v !== 'object') return v;
  const entries = Object.entries(v as Record<string, unknown>);
  if (seed % 2) entries.reverse();
  return Object.fromEntries(entries.map(([k, x]) => [k, shuffleKeys(x, seed + 1)]));
}

describe('codec', () => {
  it('encodes equal objects to equal bytes whatever their key order and resourceVersion', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    fc.assert(fc.property(fc.dictionary(fc.string(), json), fc.nat(), (spec, seed) => {
      const a: KubeObject = { kind: 'X', metadata: { name: 'n', resourceVersion: '1' }, spec };
      const b = { ...(shuffleKeys(a, seed) as KubeObject) };
      b.metadata = { ...b.metadata, resourceVersion: '99' };
      expect(encodeObject(a, 'k').bytes.equals(encodeObject(b, 'k').bytes)).toBe(true);
    }));
  });

  it('round-trips with the revision as resourceVersion and drops undefined fields', () => {
    const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { x: undefined, n: 1.5, l: [1, null, 'x'] } };
    const enc = encodeObject(obj, 'k');
    expect(enc.object).not.toBe(obj);
    expect(decodeObject(enc.bytes, 42)).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' }, resourceVersion: '42' }, spec: { n: 1.5, l: [1, null, 'x'] } });
    expect(obj.spec).toHaveProperty('x');
  });

  it('refuses values over 1.5 MiB', () => {
    expect(() => encodeObject({ metadata: {}, data: 'x'.repeat(1.6 * 1024 * 1024) }, 'k')).toThrow(StorageError);
  });
});
