/**
 * Server-side apply. The applied configuration is merged over the live object with
 * strategic-merge semantics (associative lists by their merge keys). With a field manager,
 * ownership is tracked in `metadata.managedFields` (one `Apply` entry per manager, FieldsV1):
 * fields the manager applied before and omits now are removed unless another manager owns
 * them, and fields another applier owns with a different value are a 409 conflict unless forced.
 * Update entries (see managed-fields.ts) count as owners too.
 */
import { badRequest, failure } from '../errors.js';
import { rfc3339, setField } from '../meta.js';
import type { ManagedFieldsEntry } from '../types.js';
import { deepClone, isObject, jsonEqual, type Json, type JsonObject } from './json-value.js';
import { strategicMergePatch } from './strategic-merge-patch.js';
import {
  difference,
  fieldSetOf,
  intersectionPaths,
  removeFields,
  removePath,
  renderPath,
  union,
  valueAtPath,
  type FieldSet,
} from './field-set.js';
import { rootTypeOf } from './patch-meta.js';

export interface ApplyOptions {
  /** The `fieldManager` query parameter; required for field ownership. */
  fieldManager?: string;
  /** The `force` query parameter: take over conflicting fields. */
  force?: boolean;
  /** RFC 3339 time recorded in the managedFields entry; defaults to now. */
  now?: string;
}

/** An apply body, already decoded from YAML or JSON (the HTTP layer's business), as an object. */
export function decodeApplyBody(body: unknown): JsonObject {
  if (!isObject(body)) throw badRequest('error decoding YAML: the applied configuration must be an object');
  return body;
}

function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) setField(out, k, dropNulls(x) as Json);
    return out;
  }
  return v;
}

/** The part of an applied configuration whose fields a manager owns. */
function ownedPart(applied: JsonObject): JsonObject {
  const { apiVersion: _v, kind: _k, status: _s, metadata, ...rest } = applied;
  const meta = isObject(metadata) ? { ...metadata } : {};
  for (const k of [
    'name',
    'namespace',
    'uid',
    'resourceVersion',
    'generation',
    'creationTimestamp',
    'managedFields',
    'generateName',
    'selfLink',
  ])
    delete meta[k];
  return Object.keys(meta).length ? { ...rest, metadata: meta } : rest;
}

export function serverSideApply(current: unknown, body: unknown, kind: string, opts?: ApplyOptions): JsonObject {
  const applied = dropNulls(decodeApplyBody(body)) as JsonObject;
  if (typeof applied.kind === 'string' && applied.kind !== kind && kind) {
    throw badRequest(`the kind in the applied configuration (${applied.kind}) does not match the kind of the object (${kind})`);
  }
  const meta = isObject(applied.metadata) ? { ...applied.metadata } : {};
  delete meta.managedFields;
  delete meta.resourceVersion;
  const patch = { ...applied, metadata: meta };
  const live = (isObject(current) ? deepClone(current) : { metadata: {} }) as JsonObject;
  if (!opts) return strategicMergePatch(live, patch, kind);

  const manager = opts.fieldManager ?? '';
  if (!manager) throw badRequest('PATCH, application/apply-patch+yaml requests require fieldManager to be set');
  const liveMeta = isObject(live.metadata) ? live.metadata : {};
  const entries = (Array.isArray(liveMeta.managedFields) ? liveMeta.managedFields : []) as unknown as ManagedFieldsEntry[];
  const isMine = (e: ManagedFieldsEntry) => e.manager === manager && e.operation === 'Apply' && !e.subresource;
  const previous = (entries.find(isMine)?.fieldsV1 ?? {}) as FieldSet;
  const next = fieldSetOf(ownedPart(applied), kind);
  const apiVersion =
    typeof applied.apiVersion === 'string' ? applied.apiVersion : typeof live.apiVersion === 'string' ? live.apiVersion : '';

  // Conflicts with other managers that own a field this configuration sets to another value.
  const others = entries.filter((e) => !isMine(e)).map((e) => ({ entry: e, set: deepClone((e.fieldsV1 ?? {}) as FieldSet) }));
  const conflicts: { manager: string; apiVersion: string; path: string[]; owner: { set: FieldSet } }[] = [];
  for (const o of others) {
    for (const path of intersectionPaths(next, o.set)) {
      if (!jsonEqual(valueAtPath(live, path, kind), valueAtPath(applied, path, kind))) {
        conflicts.push({ manager: o.entry.manager ?? '', apiVersion: o.entry.apiVersion ?? '', path, owner: o });
      }
    }
  }
  if (conflicts.length > 0) {
    if (!opts.force) {
      const msg =
        conflicts.length === 1
          ? `Apply failed with 1 conflict: conflict with "${conflicts[0].manager}" using ${conflicts[0].apiVersion}: ${renderPath(conflicts[0].path)}`
          : `Apply failed with ${conflicts.length} conflicts: ${conflicts.map((c) => `conflict with "${c.manager}" using ${c.apiVersion}: ${renderPath(c.path)}`).join('\n')}`;
      throw failure(409, 'Conflict', msg, {
        causes: conflicts.map((c) => ({
          type: 'FieldManagerConflict',
          reason: 'FieldManagerConflict',
          message: `conflict with "${c.manager}" using ${c.apiVersion}`,
          field: renderPath(c.path),
        })),
      });
    }
    for (const c of conflicts) removePath(c.owner.set, c.path);
  }

  const merged = strategicMergePatch(live, patch, kind);
  const ownedByOthers = others.reduce((acc, o) => union(acc, o.set), {} as FieldSet);
  const removed = difference(difference(previous, next), ownedByOthers);
  removeFields(merged, removed, rootTypeOf(kind));

  const entry: ManagedFieldsEntry = {
    manager,
    operation: 'Apply',
    apiVersion,
    time: opts.now ?? rfc3339(),
    fieldsType: 'FieldsV1',
    fieldsV1: next,
  };
  const kept: ManagedFieldsEntry[] = [];
  for (const e of entries) {
    if (isMine(e)) continue;
    const o = others.find((x) => x.entry === e);
    if (o && Object.keys(o.set).length === 0) continue;
    kept.push(o ? { ...e, fieldsV1: o.set } : e);
  }
  const mergedMeta = isObject(merged.metadata) ? merged.metadata : (merged.metadata = {});
  mergedMeta.managedFields = [...kept, entry] as unknown as Json;
  return merged;
}
