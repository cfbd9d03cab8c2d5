/**
 * The value codec: msgpack of the object with `metadata.resourceVersion` removed, object keys
 * sorted recursively and undefined fields dropped (JSON semantics). Equal objects therefore
 * encode to equal bytes, which is how a no-op update is detected (etcd's `bytes.Equal`).
 */
import { Packr } from 'msgpackr';
import { setField, type KubeObject } from '@kemu/api';
import { StorageError } from './interfaces.js';

/** etcd's default request limit (--max-request-bytes), which bounds a Kubernetes object. */
export const MAX_VALUE_BYTES = 1.5 * 1024 * 1024;

const packr = new Packr({ useRecords: false, mapsAsObjects: true });
/** For objects with 65,536 keys or more (a ConfigMap's data), which the fast packr cannot size. */
const widePackr = new Packr({ useRecords: false, mapsAsObjects: true, variableMapSize: true });
/** For values with a "__proto__" key, which msgpackr renames when it decodes to objects. */
const mapPackr = new Packr({ useRecords: false, mapsAsObjects: false });
/** The msgpack bytes of the key "__proto__" (fixstr of 9). */
const PROTO_KEY = Buffer.concat([Buffer.from([0xa9]), Buffer.from('__proto__')]);

function canonical(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : canonical(x)));
  if (v instanceof Date) return v.toISOString();
  if (ArrayBuffer.isView(v)) return v;
  const src = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(src);
  // Objects decoded from storage are already in order: sort only when needed (hot on writes).
  for (let i = 1; i < keys.length; i++)
    if (keys[i - 1] > keys[i]) {
      keys.sort();
      break;
    }
  for (const k of keys) {
    const x = src[k];
    if (x !== undefined) setField(out, k, canonical(x));
  }
  return out;
}

const NOT_CANONICAL = Symbol('not canonical');

/**
 * A deep copy of v when v is already what `canonical` would make of it — plain objects with keys
 * in order, no undefined field or array element, no Date — else NOT_CANONICAL: the check and the
 * copy in one walk. `metadata.resourceVersion` (appended last by withResourceVersion, removed
 * before encoding) is ignored and left out of the copy. Objects decoded from storage and changed in
 * place usually are canonical.
 */
function canonicalCopy(v: unknown, skip?: string | null): unknown {
  if (v === null || typeof v !== 'object') return v === undefined ? NOT_CANONICAL : v;
  if (Array.isArray(v)) {
    const a = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = canonicalCopy(v[i], null);
      if (x === NOT_CANONICAL) return NOT_CANONICAL;
      a[i] = x;
    }
    return a;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return NOT_CANONICAL;
  const out: Record<string, unknown> = {};
  let prev = '';
  for (const k in v) {
    if (k === skip) continue;
    if (k < prev) return NOT_CANONICAL;
    const x = canonicalCopy((v as Record<string, unknown>)[k], skip === undefined && k === 'metadata' ? 'resourceVersion' : null);
    if (x === NOT_CANONICAL) return NOT_CANONICAL;
    setField(out, k, x);
    prev = k;
  }
  return out;
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
  for (const k of Object.keys(v)) setField(out, k, cloneCanonical((v as Record<string, unknown>)[k]));
  return out as T;
}

export interface Encoded {
  /**
   * The input in canonical form, without resourceVersion: a fresh deep copy, or, when the input
   * was `owned` and already canonical, the input itself.
   */
  object: KubeObject;
  bytes: Buffer;
  /**
   * When `object` is the owned input, a deep copy of it made while checking it (nobody else holds
   * it): RedisStore keeps it for the next update of the key. Absent otherwise.
   */
  spare?: KubeObject;
}

function pack(object: KubeObject): Buffer {
  try {
    return packr.pack(object);
  } catch (err) {
    if (!String((err as Error).message).includes('variableMapSize')) throw err;
    return widePackr.pack(object);
  }
}

/**
 * Encodes for storage; throws StorageError('TooLarge') above MAX_VALUE_BYTES. `owned`: the
 * caller hands obj over (e.g. the store's own copy it gave tryUpdate), so it may be reused as
 * `object` instead of copied.
 */
export function encodeObject(obj: KubeObject, key: string, owned = false): Encoded {
  let object: KubeObject;
  let spare: KubeObject | undefined;
  const copy = obj !== null && typeof obj === 'object' ? canonicalCopy(obj) : NOT_CANONICAL;
  if (copy === NOT_CANONICAL) object = canonical(obj) as KubeObject;
  else if (owned) {
    object = obj;
    spare = withMetadata(copy as KubeObject);
  } else object = copy as KubeObject;
  if (object.metadata === null || typeof object.metadata !== 'object') object.metadata = {} as KubeObject['metadata'];
  else delete (object.metadata as { resourceVersion?: string }).resourceVersion;
  const bytes = pack(object);
  if (bytes.length > MAX_VALUE_BYTES) {
    throw new StorageError('TooLarge', `object is ${bytes.length} bytes, over the limit of ${MAX_VALUE_BYTES}`, key);
  }
  return spare ? { object, bytes, spare } : { object, bytes };
}

function withMetadata(o: KubeObject): KubeObject {
  if (o.metadata === null || typeof o.metadata !== 'object') o.metadata = {} as KubeObject['metadata'];
  return o;
}

/** Decodes a stored value and stamps it with `revision` as its resourceVersion. */
export function decodeObject(bytes: Uint8Array, revision: number): KubeObject {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // msgpackr decodes a "__proto__" key as "__proto_" (against prototype pollution); such rare
  // values are decoded to Maps and converted, so the field comes back as it was stored.
  const v = buf.indexOf(PROTO_KEY) < 0 ? packr.unpack(buf) : fromMaps(mapPackr.unpack(buf));
  return withResourceVersion(v as KubeObject, revision);
}

function fromMaps(v: unknown): unknown {
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) setField(out, String(k), fromMaps(x));
    return out;
  }
  return Array.isArray(v) ? v.map(fromMaps) : v;
}

/** Sets metadata.resourceVersion in place on an object the store owns; returns it. */
export function withResourceVersion(obj: KubeObject, revision: number): KubeObject {
  if (obj.metadata === null || typeof obj.metadata !== 'object') obj.metadata = {} as KubeObject['metadata'];
  obj.metadata.resourceVersion = String(revision);
  return obj;
}
