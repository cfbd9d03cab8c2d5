import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { KubeObject } from '@kemu/api';
import { cloneCanonical, decodeObject, encodeObject } from './codec.js';
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
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json), fc.nat(), (spec, seed) => {
        const a: KubeObject = { kind: 'X', metadata: { name: 'n', resourceVersion: '1' }, spec };
        const b = { ...(shuffleKeys(a, seed) as KubeObject) };
        b.metadata = { ...b.metadata, resourceVersion: '99' };
        expect(encodeObject(a, 'k').bytes.equals(encodeObject(b, 'k').bytes)).toBe(true);
      }),
    );
  });

  it('round-trips with the revision as resourceVersion and drops undefined fields', () => {
    const obj = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', labels: { a: 'b' } },
      spec: { x: undefined, n: 1.5, l: [1, null, 'x'] },
    };
    const enc = encodeObject(obj, 'k');
    expect(enc.object).not.toBe(obj);
    expect(decodeObject(enc.bytes, 42)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', labels: { a: 'b' }, resourceVersion: '42' },
      spec: { n: 1.5, l: [1, null, 'x'] },
    });
    expect(obj.spec).toHaveProperty('x');
  });

  it('encodes a decoded object changed in place (owned, no copy) to the same bytes as a sorted copy', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json), fc.dictionary(fc.string(), json), (spec, change) => {
        const stored = encodeObject({ kind: 'X', metadata: { name: 'n', labels: { b: '1' } }, spec }, 'k');
        const mine = decodeObject(stored.bytes, 7); // resourceVersion appended last, out of order
        const fromCopy = cloneCanonical(stored.object);
        Object.assign(mine.spec as object, change);
        Object.assign(fromCopy.spec as object, change);
        (mine.metadata.labels as Record<string, string>).a = '2';
        fromCopy.metadata.labels!.a = '2';
        const expected = encodeObject(shuffleKeys(mine, 1) as KubeObject, 'k').bytes;
        const owned = encodeObject(mine, 'k', true);
        expect(owned.bytes.equals(expected)).toBe(true);
        expect(owned.object.metadata).not.toHaveProperty('resourceVersion');
        expect(encodeObject(fromCopy, 'k', true).bytes.equals(expected)).toBe(true);
      }),
    );
  });

  it('makes a spare copy, equal and sharing nothing, only of an owned object it encodes as it is', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    let asIs = 0;
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json), (spec) => {
        const stored = encodeObject({ kind: 'X', metadata: { name: 'n' }, spec }, 'k');
        const mine = decodeObject(stored.bytes, 7);
        const owned = encodeObject(mine, 'k', true);
        // Integer-like keys ("0") enumerate before the others whatever their order: such objects are copied sorted.
        if (owned.object !== mine) {
          expect(owned.spare).toBeUndefined();
          return;
        }
        asIs++;
        expect(owned.spare).toEqual(owned.object);
        expect(encodeObject(owned.spare!, 'k').bytes.equals(stored.bytes)).toBe(true);
        owned.spare!.metadata.name = 'changed';
        expect(owned.object.metadata.name).toBe('n');
      }),
      { numRuns: 200 },
    );
    expect(asIs).toBeGreaterThan(50);
  });

  it('makes no spare copy of an object it does not own or must reorder', () => {
    const sorted = (): KubeObject => ({ kind: 'X', metadata: { name: 'n', resourceVersion: '5' }, spec: { a: [{ b: 1 }], c: 'd' } });
    const owned = encodeObject(sorted(), 'k', true);
    expect(owned.spare).toEqual({ kind: 'X', metadata: { name: 'n' }, spec: { a: [{ b: 1 }], c: 'd' } });
    expect(owned.spare!.spec).not.toBe(owned.object.spec);
    expect(encodeObject(sorted(), 'k').spare).toBeUndefined();
    const unsorted = encodeObject({ spec: { c: 'd', a: 1 }, kind: 'X', metadata: { name: 'n' } }, 'k', true);
    expect(unsorted.spare).toBeUndefined();
    expect(Object.keys(unsorted.object)).toEqual(['kind', 'metadata', 'spec']);
  });

  it("keeps resourceVersion of nested objects (only the top-level one is the store's)", () => {
    const list = { kind: 'List', metadata: { name: 'l' }, items: [{ metadata: { name: 'a', resourceVersion: '3' } }] };
    const back = decodeObject(encodeObject(list, 'k').bytes, 9) as unknown as typeof list;
    expect(back.items[0].metadata).toEqual({ name: 'a', resourceVersion: '3' });
    const owned = decodeObject(encodeObject(list, 'k').bytes, 9);
    expect(encodeObject(owned, 'k', true).bytes.equals(encodeObject(list, 'k').bytes)).toBe(true);
  });

  it('keeps a "__proto__" field a plain field through encoding, copying and decoding', () => {
    // A ConfigMap key may be "__proto__" in Kubernetes; JSON.parse makes it an own field.
    const obj = {
      kind: 'X',
      metadata: { name: 'n' },
      data: JSON.parse('{"b":"2","__proto__":"v"}'),
      spec: JSON.parse('{"__proto__":{"x":1}}'),
    };
    const json = '{"data":{"__proto__":"v","b":"2"},"kind":"X","metadata":{"name":"n"},"spec":{"__proto__":{"x":1}}}';
    const enc = encodeObject(obj, 'k');
    expect(JSON.stringify(enc.object)).toBe(json);
    expect(Object.getPrototypeOf(enc.object.spec)).toBe(Object.prototype);
    const back = decodeObject(enc.bytes, 3);
    expect(JSON.stringify({ ...back, metadata: { name: 'n' } })).toBe(json);
    expect(Object.getPrototypeOf(back.spec)).toBe(Object.prototype);
    expect(encodeObject(cloneCanonical(enc.object), 'k', true).bytes.equals(enc.bytes)).toBe(true);
    const owned = encodeObject(back, 'k', true);
    expect(owned.object).toBe(back);
    expect(owned.bytes.equals(enc.bytes)).toBe(true);
    expect(JSON.stringify(owned.spare)).toBe(json);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('refuses values over 1.5 MiB', () => {
    expect(() => encodeObject({ metadata: {}, data: 'x'.repeat(1.6 * 1024 * 1024) }, 'k')).toThrow(StorageError);
  });
});
