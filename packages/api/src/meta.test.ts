import { describe, expect, it } from 'vitest';
import { clone, isObject } from './meta.js';

describe('clone', () => {
  it('copies JSON data deeply: changing the copy leaves the original alone', () => {
    const pod = {
      metadata: { name: 'a', labels: { app: 'x' } },
      spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] },
      n: 1,
      ok: true,
      none: null,
    };
    const c = clone(pod);
    expect(c).toEqual(pod);
    c.metadata.labels.app = 'y';
    c.spec.containers[0].ports[0].containerPort = 81;
    c.spec.containers.push({ name: 'd', ports: [] });
    expect(pod.metadata.labels.app).toBe('x');
    expect(pod.spec.containers).toHaveLength(1);
    expect(pod.spec.containers[0].ports[0].containerPort).toBe(80);
  });

  it('keeps a "__proto__" field as data, as JSON.parse made it', () => {
    const o = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const c = clone(o);
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect(Object.keys(c)).toEqual(['__proto__', 'a']);
    expect((c as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(c, '__proto__')?.value).toEqual({ polluted: true });
  });

  it('copies what is not plain data with structuredClone', () => {
    const d = new Date('2026-01-02T03:04:05Z');
    const c = clone({ at: d, bytes: new Uint8Array([1, 2]) });
    expect(c.at).not.toBe(d);
    expect(c.at.getTime()).toBe(d.getTime());
    expect(Array.from(c.bytes)).toEqual([1, 2]);
  });
});

describe('isObject', () => {
  it('accepts objects and refuses null, arrays and primitives', () => {
    expect([{}, { a: 1 }, null, [], 'x', 1, undefined].map(isObject)).toEqual([true, true, false, false, false, false, false]);
  });
});
