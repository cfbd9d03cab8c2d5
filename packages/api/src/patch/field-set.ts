/**
 * Field sets in the `FieldsV1` format of managedFields: `{"f:spec": {"f:replicas": {}}}`, list
 * elements keyed `k:{"name":"c"}` (associative lists) or `v:"x"` (sets of primitives), with `.`
 * marking an owned element itself. Lists without merge keys are atomic: owned as one leaf.
 */
import { isObject, jsonEqual, type Json, type JsonObject } from './json-value.js';
import { fieldMeta, rootTypeOf } from './patch-meta.js';

export type FieldSet = { [k: string]: FieldSet };

/** JSON of a key value as Kubernetes renders it in `k:` keys (compact, keys sorted). */
function keyJson(obj: JsonObject): string {
  return JSON.stringify(
    Object.fromEntries(
      Object.keys(obj)
        .sort()
        .map((k) => [k, obj[k]]),
    ),
  );
}

function elementKey(el: Json, mergeKey: string | undefined): string | undefined {
  if (mergeKey) return isObject(el) && el[mergeKey] !== undefined ? `k:${keyJson({ [mergeKey]: el[mergeKey] })}` : undefined;
  return `v:${JSON.stringify(el)}`;
}

/** The set of fields a (partial) object sets. */
export function fieldSetOf(value: JsonObject, kind: string): FieldSet {
  return mapSet(value, rootTypeOf(kind));
}

function mapSet(value: JsonObject, type: string | undefined): FieldSet {
  const out: FieldSet = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    const fm = fieldMeta(type, k);
    if (isObject(v)) out[`f:${k}`] = mapSet(v, fm.type);
    else if (Array.isArray(v) && fm.strategy?.startsWith('merge')) {
      const set: FieldSet = {};
      for (const el of v) {
        const key = elementKey(el, fm.mergeKey);
        if (!key) continue;
        set[key] = { '.': {}, ...(isObject(el) && fm.mergeKey ? mapSet(el, fm.type) : {}) };
      }
      out[`f:${k}`] = set;
    } else out[`f:${k}`] = {};
  }
  return out;
}

export function union(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out ? union(out[k], v) : v;
  return out;
}

/** Leaves of a that b does not contain (a node is a leaf when it has no children or a `.`). */
export function difference(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = {};
  for (const [k, v] of Object.entries(a)) {
    if (!(k in b)) {
      out[k] = v;
      continue;
    }
    const rest = difference(withoutDot(v), withoutDot(b[k]));
    if (Object.keys(rest).length > 0) out[k] = rest;
  }
  return out;
}

/** Paths (as key segments) owned by both sets, leaves only. */
export function intersectionPaths(a: FieldSet, b: FieldSet, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [k, v] of Object.entries(a)) {
    if (k === '.' || !(k in b)) continue;
    const path = [...prefix, k];
    const children = withoutDot(v);
    const other = withoutDot(b[k]);
    if (Object.keys(children).length === 0 || Object.keys(other).length === 0) out.push(path);
    else out.push(...intersectionPaths(children, other, path));
  }
  return out;
}

/** Kubernetes' rendering of a field path in conflict messages: `.spec.containers[name="c"].image`. */
export function renderPath(path: string[]): string {
  return path
    .map((seg) => {
      if (seg.startsWith('f:')) return `.${seg.slice(2)}`;
      if (seg.startsWith('k:')) {
        const obj = JSON.parse(seg.slice(2)) as Record<string, Json>;
        return `[${Object.entries(obj)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',')}]`;
      }
      return `[${seg.slice(2)}]`;
    })
    .join('');
}

/** Removes the given leaf path from a set (mutates it), pruning emptied parents. */
export function removePath(set: FieldSet, path: string[]): void {
  const [head, ...rest] = path;
  if (!(head in set)) return;
  if (rest.length === 0) {
    delete set[head];
    return;
  }
  removePath(set[head], rest);
  if (Object.keys(set[head]).length === 0) delete set[head];
}

function withoutDot(s: FieldSet): FieldSet {
  const { '.': _dot, ...rest } = s;
  return rest;
}

/** Removes from obj the fields named by the set's leaves (mutates obj). */
export function removeFields(obj: JsonObject, set: FieldSet, type: string | undefined): void {
  for (const [k, sub] of Object.entries(set)) {
    if (!k.startsWith('f:')) continue;
    const name = k.slice(2);
    const cur = obj[name];
    if (cur === undefined) continue;
    const children = withoutDot(sub);
    if (Object.keys(children).length === 0) {
      delete obj[name];
      continue;
    }
    const fm = fieldMeta(type, name);
    if (isObject(cur)) {
      removeFields(cur, children, fm.type);
    } else if (Array.isArray(cur)) {
      obj[name] = removeElements(cur, children, fm.mergeKey, fm.type);
    }
  }
}

function removeElements(list: Json[], set: FieldSet, mergeKey: string | undefined, type: string | undefined): Json[] {
  const out: Json[] = [];
  for (const el of list) {
    const key = elementKey(el, mergeKey);
    const sub = key ? set[key] : undefined;
    if (!sub) {
      out.push(el);
      continue;
    }
    if ('.' in sub) continue;
    if (isObject(el)) removeFields(el, sub, type);
    out.push(el);
  }
  return out;
}

/** The value at a field-set path in obj (undefined when absent). */
export function valueAtPath(obj: Json, path: string[], kind: string): Json | undefined {
  let cur: Json | undefined = obj;
  let type: string | undefined = rootTypeOf(kind);
  let mergeKey: string | undefined;
  for (const seg of path) {
    if (cur === undefined || cur === null) return undefined;
    if (seg.startsWith('f:')) {
      if (!isObject(cur)) return undefined;
      const fm = fieldMeta(type, seg.slice(2));
      cur = cur[seg.slice(2)];
      type = fm.type;
      mergeKey = fm.mergeKey;
    } else if (Array.isArray(cur)) {
      cur = cur.find((el) => elementKey(el, mergeKey) === seg);
    } else return undefined;
  }
  return cur;
}

export { jsonEqual };
