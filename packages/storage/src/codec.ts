/**
 * The value codec: msgpack of the object with `metadata.resourceVersion` removed, object keys
 * sorted recursively and undefined fields dropped (JSON semantics). Equal objects therefore
 * encode to equal bytes, which is how a no-op update is detected (etcd's `bytes.Equal`).
 */
import { Packr } from 'msgpackr';
import type { KubeObject } from '@kemu/api';
import { StorageError } from './interfaces.js';

/** etcd's default request limit (--max-request-bytes), which bounds a Kubernetes object. */
export const MAX_VALUE_BYTES = 1.5 * 1024 * 1024;

const packr = new Packr({ useRecords: false, mapsAsObjects: true });

function canonical(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : canonical(x)));
  if (v instanceof Date) return v.toISOString();
  if (ArrayBuffer.isView(v)) return v;
  const src = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(src);
  // Objects decoded from storage are already in order: sort only when needed (hot on writes).
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) { keys.sort(); break; }
  for (const k of keys) {
    const x = src[k];
    if (x !== undefined) out[k] = canonical(x);
  }
  return out;
}

/**
 * True when v is already what `canonical` would make of it: plain objects with keys in order and
 * no undefined field or array element, no Date. `metadata.resourceVersion` (appended last by
 * withResourceVersion, removed before encoding) is ignored. Objects decoded from storage and changed in
 * place usually are; checking is far cheaper than copying.
 */
function isCanonical(v: unknown, skip?: string | null): boolean {
  if (v === null || typeof v !== 'object') return v !== undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!isCanonical(v[i], null)) return false;
    return true;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  let prev = '';
  for (const k in v) {
    if (k === skip) continue;
    if (k < prev || !isCanonical((v as Record<string, unknown>)[k], skip === undefined && k === 'metadata' ? 'resourceVersion' : null)) return false;
    prev = k;
  }
  return true;
}

/** A deep copy of a canonical value (plain objects, arrays, primitives), keys in the same order. */
export function cloneCanonical<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const a = new Array(v.length);
    for (let i = 0; i < v.length; i++) a[i] = cloneCanonical(v[i]);
    return a as T;
  }
  if (ArrayBuffer.isView(v)) return v;
  const out: Record<string, unknown> = {};
  // Own keys only: `canonical` turns a "__proto__" field into a prototype, which must not be copied in.
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) out[keys[i]] = cloneCanonical((v as Record<string, unknown>)[keys[i]]);
  return out as T;
}

export interface Encoded {
  /**
   * The input in canonical form, without resourceVersion: a fresh deep copy, or, when the input
   * was `owned` and already canonical, the input itself.
   */
  object: KubeObject;
  bytes: Buffer;
}

/**
 * Encodes for storage; throws StorageError('TooLarge') above MAX_VALUE_BYTES. `owned`: the
 * caller hands obj over (e.g. the store's own copy it gave tryUpdate), so it may be reused as
 * `object` instead of copied.
 */
export function encodeObject(obj: KubeObject, key: string, owned = false): Encoded {
  let object: KubeObject;
  if (obj !== null && typeof obj === 'object' && isCanonical(obj)) object = owned ? obj : cloneCanonical(obj);
  else object = canonical(obj) as KubeObject;
  if (object.metadata === null || typeof object.metadata !== 'object') object.metadata = {} as KubeObject['metadata'];
  else delete (object.metadata as { resourceVersion?: string }).resourceVersion;
  const bytes = packr.pack(object);
  if (bytes.length > MAX_VALUE_BYTES) {
    throw new StorageError('TooLarge', `object is ${bytes.length} bytes, over the limit of ${MAX_VALUE_BYTES}`, key);
  }
  return { object, bytes };
}

/** Decodes a stored value and stamps it with `revision` as its resourceVersion. */
export function decodeObject(bytes: Uint8Array, revision: number): KubeObject {
  return withResourceVersion(packr.unpack(bytes) as KubeObject, revision);
}

/** Sets metadata.resourceVersion in place on an object the store owns; returns it. */
export function withResourceVersion(obj: KubeObject, revision: number): KubeObject {
  if (obj.metadata === null || typeof obj.metadata !== 'object') obj.metadata = {} as KubeObject['metadata'];
  obj.metadata.resourceVersion = String(revision);
  return obj;
}
