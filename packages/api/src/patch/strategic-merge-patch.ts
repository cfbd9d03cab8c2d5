/**
 * Strategic merge patch, as apimachinery's `strategicpatch` applies it: maps merge, `null`
 * deletes, lists merge by their merge key (or as a set of primitives) or are replaced, and the
 * directives `$patch` (replace/delete/merge), `$retainKeys`, `$setElementOrder/<field>` and
 * `$deleteFromPrimitiveList/<field>` are honoured. Malformed patches throw PatchFormatError.
 */
import { PatchFormatError } from './json-patch.js';
import { setField } from '../meta.js';
import { deepClone, isObject, jsonEqual, own, type Json, type JsonObject } from './json-value.js';
import { fieldMeta, rootTypeOf } from './patch-meta.js';

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

export function strategicMergePatch(original: unknown, patch: unknown, kind: string): JsonObject {
  if (!isObject(patch)) throw new PatchFormatError('invalid JSON document: a strategic merge patch must be a JSON object');
  const base = isObject(original) ? deepClone(original) : {};
  const out = mergeMap(base, patch, rootTypeOf(kind));
  return out ?? {};
}

/** Merges patch into original (which it owns and may mutate); undefined means "delete this map". */
function mergeMap(original: JsonObject, patch: JsonObject, type: string | undefined): JsonObject | undefined {
  const directive = patch[PATCH];
  if (directive !== undefined) {
    if (directive === 'replace') return stripDirectives(withoutKey(patch, PATCH)) as JsonObject;
    if (directive === 'delete') return undefined;
    if (directive !== 'merge')
      throw new PatchFormatError(
        `Unsupported strategic merge patch format: unknown patch type: ${JSON.stringify(directive)} in map: ${JSON.stringify(patch)}`,
      );
  }
  const retain = patch[RETAIN_KEYS];
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw new PatchFormatError('invalid patch format: $retainKeys must be a list of strings');
    for (const k of Object.keys(original)) if (!retain.includes(k)) delete original[k];
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key === PATCH || key === RETAIN_KEYS || key.startsWith(SET_ORDER)) continue;
    if (key.startsWith(DELETE_PRIMITIVE)) {
      const field = key.slice(DELETE_PRIMITIVE.length);
      if (!Array.isArray(value)) throw new PatchFormatError(`invalid patch format: ${key} must be a list`);
      const cur = own(original, field);
      if (Array.isArray(cur)) {
        const kept = cur.filter((x) => !value.some((d) => jsonEqual(d, x)));
        if (kept.length > 0) setField(original, field, kept);
        else delete original[field];
      }
      continue;
    }
    if (value === null) {
      delete original[key];
      continue;
    }
    const fm = fieldMeta(type, key);
    const cur = own(original, key);
    if (isObject(value)) {
      const merged = mergeMap(isObject(cur) ? cur : {}, value, fm.type);
      if (merged === undefined) delete original[key];
      else setField(original, key, merged);
    } else if (Array.isArray(value)) {
      const order = patch[SET_ORDER + key];
      if (order !== undefined && !Array.isArray(order))
        throw new PatchFormatError(`invalid patch format: ${SET_ORDER}${key} must be a list`);
      const merged = mergeList(Array.isArray(cur) ? cur : [], value, fm, key);
      setField(original, key, order ? applyOrder(merged, order, fm.mergeKey, Array.isArray(cur) ? cur : []) : merged);
    } else {
      setField(original, key, value);
    }
  }
  // An order directive without the list itself only reorders.
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(SET_ORDER)) continue;
    const field = key.slice(SET_ORDER.length);
    if (!Array.isArray(order)) throw new PatchFormatError(`invalid patch format: ${key} must be a list`);
    if (Object.prototype.hasOwnProperty.call(patch, field)) continue;
    const cur = own(original, field);
    if (Array.isArray(cur)) setField(original, field, applyOrder(cur, order, fieldMeta(type, field).mergeKey, cur));
  }
  return original;
}

function withoutKey(o: JsonObject, key: string): JsonObject {
  const { [key]: _drop, ...rest } = o;
  return rest;
}

/** A patch value taken as-is: directives removed, and `null`s within maps dropped. */
function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.filter((x) => !(isObject(x) && x[PATCH] === 'delete')).map(stripDirectives);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === PATCH || k === RETAIN_KEYS || k.startsWith(SET_ORDER) || k.startsWith(DELETE_PRIMITIVE) || x === null) continue;
      setField(out, k, stripDirectives(x));
    }
    return out;
  }
  return v;
}

function mergeList(original: Json[], patch: Json[], fm: { strategy?: string; mergeKey?: string; type?: string }, field: string): Json[] {
  const merges = fm.strategy === 'merge' || fm.strategy === 'merge,retainKeys';
  // A `{$patch: replace}` element replaces the whole list with the other elements.
  if (patch.some((e) => isObject(e) && e[PATCH] === 'replace')) {
    return patch.filter((e) => !(isObject(e) && e[PATCH] === 'replace')).map(stripDirectives);
  }
  if (!merges) return patch.map(stripDirectives);
  if (!fm.mergeKey) {
    // A set of primitives: union, keeping the original order.
    const out = [...original];
    for (const v of patch) {
      if (isObject(v) || Array.isArray(v)) throw new PatchFormatError(`invalid patch format: ${field} is a list of primitives`);
      if (!out.some((x) => jsonEqual(x, v))) out.push(v);
    }
    return out;
  }
  const key = fm.mergeKey;
  const out = original.map((e) => deepClone(e));
  for (const el of patch) {
    if (!isObject(el)) throw new PatchFormatError(`invalid patch format: elements of ${field} must be maps`);
    if (!(key in el)) throw new PatchFormatError(`map: ${JSON.stringify(el)} does not contain declared merge key: ${key}`);
    const i = out.findIndex((x) => isObject(x) && jsonEqual(x[key], el[key]));
    if (el[PATCH] === 'delete') {
      if (i >= 0) out.splice(i, 1);
      // Delete every duplicate, as Kubernetes does.
      for (
        let j = out.findIndex((x) => isObject(x) && jsonEqual(x[key], el[key]));
        j >= 0;
        j = out.findIndex((x) => isObject(x) && jsonEqual(x[key], el[key]))
      )
        out.splice(j, 1);
      continue;
    }
    if (i >= 0) {
      const merged = mergeMap(out[i] as JsonObject, el, fm.type);
      if (merged === undefined) out.splice(i, 1);
      else out[i] = merged;
    } else {
      const merged = mergeMap({}, el, fm.type);
      if (merged !== undefined) out.push(merged);
    }
  }
  return out;
}

/**
 * Orders a merged list by `$setElementOrder`: listed elements in the listed order, elements
 * known only to the server keep their place relative to the element they followed.
 */
function applyOrder(list: Json[], order: Json[], mergeKey: string | undefined, original: Json[]): Json[] {
  const keyOf = (e: Json): Json => (mergeKey && isObject(e) ? e[mergeKey] : e);
  const orderKeys = order.map((o) => (mergeKey && isObject(o) ? o[mergeKey] : o));
  const inOrder = (e: Json) => orderKeys.findIndex((k) => jsonEqual(k, keyOf(e)));
  const ordered = list.filter((e) => inOrder(e) >= 0).sort((a, b) => inOrder(a) - inOrder(b));
  const serverOnly = list.filter((e) => inOrder(e) < 0);
  if (serverOnly.length === 0) return ordered;
  const result = [...ordered];
  for (const e of serverOnly) {
    const pos = original.findIndex((o) => jsonEqual(keyOf(o), keyOf(e)));
    // Place after the nearest preceding original element that is already in the result.
    let at = -1;
    for (let p = pos - 1; p >= 0 && at < 0; p--) at = result.findIndex((r) => jsonEqual(keyOf(r), keyOf(original[p])));
    result.splice(at + 1, 0, e);
  }
  return result;
}
