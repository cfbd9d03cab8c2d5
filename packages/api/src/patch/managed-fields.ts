/**
 * managedFields for non-apply writes: the fields a create, update or patch sets or changes are
 * recorded under an `Update` entry of its field manager (per subresource), and taken away from
 * every other manager, as the apiserver's field manager does. Appliers then conflict with
 * these owners like with other appliers.
 */
import { rfc3339 } from '../meta.js';
import type { KubeObject, ManagedFieldsEntry } from '../types.js';
import { isObject, jsonEqual, type Json, type JsonObject } from './json-value.js';
import { fieldMeta, rootTypeOf } from './patch-meta.js';
import { fieldSetOf, intersectionPaths, removePath, union, type FieldSet } from './field-set.js';

export interface UpdateManagerOptions {
  /** The `fieldManager` of the request; Kubernetes derives one from the user agent when absent. */
  manager: string;
  /** The subresource written through (`status`, `scale`), if any. */
  subresource?: string;
  /** RFC 3339 time of the write; defaults to now. */
  now?: string;
}

const SERVER_META = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
  'generateName',
]);

/** The parts of next that are new or differ from old (lists by merge key; other lists whole). */
function changedPart(old: Json | undefined, next: Json, type: string | undefined): Json | undefined {
  if (jsonEqual(old, next)) return undefined;
  if (!isObject(next)) return next;
  const o = isObject(old) ? old : {};
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(next)) {
    const fm = fieldMeta(type, k);
    if (Array.isArray(v) && fm.strategy?.startsWith('merge') && fm.mergeKey) {
      const prev = Array.isArray(o[k]) ? (o[k] as Json[]) : [];
      const els = v
        .filter((el) => {
          if (!isObject(el)) return true;
          const before = prev.find((p) => isObject(p) && jsonEqual(p[fm.mergeKey!], el[fm.mergeKey!]));
          return !jsonEqual(before, el);
        })
        .map((el) => {
          if (!isObject(el)) return el;
          const before = prev.find((p) => isObject(p) && jsonEqual(p[fm.mergeKey!], el[fm.mergeKey!]));
          const diff = changedPart(before, el, fm.type);
          return { ...(isObject(diff) ? diff : {}), [fm.mergeKey!]: el[fm.mergeKey!] };
        });
      if (els.length) out[k] = els;
      continue;
    }
    const c = changedPart(o[k], v, fm.type);
    if (c !== undefined) out[k] = c;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The part of an object a write may own: server-managed metadata out, status only via /status. */
function ownable(obj: JsonObject, subresource: string | undefined): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    if (k === 'status' && subresource !== 'status') continue;
    if (k !== 'status' && subresource === 'status') continue;
    if (k === 'metadata' && isObject(v)) {
      const meta: JsonObject = {};
      for (const [mk, mv] of Object.entries(v)) if (!SERVER_META.has(mk)) meta[mk] = mv;
      out.metadata = meta;
      continue;
    }
    out[k] = v;
  }
  return out;
}

/**
 * Returns next with its managedFields updated for a non-apply write by `opts.manager`
 * (old undefined = create). Never mutates its arguments.
 */
export function recordUpdate(old: KubeObject | undefined, next: KubeObject, opts: UpdateManagerOptions): KubeObject {
  const kind = next.kind ?? old?.kind ?? '';
  const entries = (old?.metadata.managedFields ?? next.metadata.managedFields ?? []) as ManagedFieldsEntry[];
  const changed = changedPart(
    old ? ownable(old as unknown as JsonObject, opts.subresource) : undefined,
    ownable(next as unknown as JsonObject, opts.subresource),
    rootTypeOf(kind),
  );
  const set: FieldSet = isObject(changed) ? fieldSetOf(changed, kind) : {};
  const isMine = (e: ManagedFieldsEntry) =>
    e.manager === opts.manager && e.operation === 'Update' && (e.subresource ?? '') === (opts.subresource ?? '');
  const result: ManagedFieldsEntry[] = [];
  for (const e of entries) {
    if (isMine(e)) continue;
    const theirs = structuredClone((e.fieldsV1 ?? {}) as FieldSet);
    for (const path of intersectionPaths(theirs, set)) removePath(theirs, path);
    if (Object.keys(theirs).length > 0) result.push({ ...e, fieldsV1: theirs });
  }
  const mine = entries.find(isMine);
  const owned = union((mine?.fieldsV1 ?? {}) as FieldSet, set);
  if (Object.keys(owned).length > 0) {
    const entry: ManagedFieldsEntry = {
      manager: opts.manager,
      operation: 'Update',
      apiVersion: next.apiVersion ?? old?.apiVersion ?? '',
      time: Object.keys(set).length > 0 || !mine ? (opts.now ?? rfc3339()) : mine.time,
      fieldsType: 'FieldsV1',
      fieldsV1: owned,
    };
    if (opts.subresource) entry.subresource = opts.subresource;
    result.push(entry);
  }
  const out = structuredClone(next);
  if (result.length > 0) out.metadata.managedFields = result;
  else delete out.metadata.managedFields;
  return out;
}
