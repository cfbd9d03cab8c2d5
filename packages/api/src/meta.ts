/** Helpers over ObjectMeta shared by every component. */
import { randomUUID } from 'node:crypto';
import type { KubeObject, OwnerReference, Condition } from './types.js';

/** The informer/workqueue key of an object: `namespace/name`, or `name` when cluster-scoped. */
export function objectKey(obj: { metadata: { namespace?: string; name?: string } }): string {
  const { namespace, name } = obj.metadata;
  return namespace ? `${namespace}/${name}` : `${name}`;
}

/** Splits a key made by objectKey. */
export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

export function newUid(): string {
  return randomUUID();
}

/** RFC 3339 with second precision, as metav1.Time marshals. */
export function rfc3339(d: Date | number = Date.now()): string {
  return new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 3339 with microseconds, as metav1.MicroTime marshals. */
export function rfc3339Micro(d: Date | number = Date.now()): string {
  return new Date(d).toISOString().replace(/Z$/, '000Z');
}

export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

export function controllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export function getCondition(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * Returns conditions with `next` set, keeping lastTransitionTime when the status did not change.
 * Never mutates its input.
 */
export function setCondition(conditions: Condition[] | undefined, next: Condition, now: string): Condition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  const prev = i >= 0 ? list[i] : undefined;
  const merged: Condition = { ...next, lastTransitionTime: prev && prev.status === next.status ? (prev.lastTransitionTime ?? now) : now };
  if (i >= 0) list[i] = merged;
  else list.push(merged);
  return list;
}

/**
 * Sets a field of a plain object being built. A `__proto__` key stays a plain field, as JSON.parse
 * makes it and as it is in Kubernetes (a ConfigMap key may be "__proto__"): assigning it would set
 * the object's prototype instead, and a string value would be dropped.
 */
export function setField(out: Record<string, unknown>, k: string, x: unknown): void {
  if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
  else out[k] = x;
}

/** A JSON object: not null, not an array (the fields of a decoded body or an unstructured object). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- callers index the fields they then check
export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** o's own field k, or undefined: never an inherited value (`o["__proto__"]` is Object.prototype). */
export function ownField(o: object, k: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, k) ? (o as Record<string, unknown>)[k] : undefined;
}

/**
 * A structural deep copy, for objects that came from a cache and must not be mutated. API objects
 * are JSON data (plain objects, arrays, primitives), copied here by a plain walk — structuredClone
 * took ≈ 14 µs for a pod against ≈ 2 µs, on every write path; anything else (a Date, a Buffer)
 * still goes to structuredClone. A `__proto__` key stays a plain field, as JSON.parse makes it.
 */
export function clone<T>(obj: T): T {
  if (obj === null || typeof obj !== 'object') return obj;
  if (Array.isArray(obj)) {
    const a = new Array(obj.length);
    for (let i = 0; i < obj.length; i++) a[i] = clone(obj[i]);
    return a as T;
  }
  if (Object.getPrototypeOf(obj) !== Object.prototype) return structuredClone(obj);
  const out: Record<string, unknown> = {};
  const src = obj as Record<string, unknown>;
  for (const k of Object.keys(src)) setField(out, k, clone(src[k]));
  return out as T;
}

/** Deep equality over JSON values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
