/**
 * Server-side apply, first version: the applied configuration is merged over the live object
 * with strategic-merge semantics (lists by their merge keys), without field ownership. Fields
 * the manager applied before and dropped now are removed when the previous applied field set
 * of that manager is known (see managed-fields.ts).
 */
import { parse as parseYaml } from 'yaml';
import { badRequest } from '@kemu/api';
import { deepClone, isObject, type JsonObject } from './json-value.js';
import { strategicMergePatch } from './strategic-merge-patch.js';

/** Decodes an apply body: already-parsed JSON, or YAML/JSON text. */
export function decodeApplyBody(body: unknown): JsonObject {
  let v = body;
  if (Buffer.isBuffer(v)) v = v.toString('utf8');
  if (typeof v === 'string') {
    try { v = parseYaml(v); } catch (err) { throw badRequest(`error decoding YAML: ${(err as Error).message}`); }
  }
  if (!isObject(v)) throw badRequest('error decoding YAML: the applied configuration must be an object');
  return v;
}

function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = dropNulls(x) as any;
    return out;
  }
  return v;
}

export function serverSideApply(current: unknown, body: unknown, kind: string): JsonObject {
  const applied = dropNulls(decodeApplyBody(body)) as JsonObject;
  if (typeof applied.kind === 'string' && applied.kind !== kind && kind) {
    throw badRequest(`the kind in the applied configuration (${applied.kind}) does not match the kind of the object (${kind})`);
  }
  const meta = isObject(applied.metadata) ? { ...applied.metadata } : {};
  delete meta.managedFields;
  delete meta.resourceVersion;
  const patch = { ...applied, metadata: meta };
  return strategicMergePatch(deepClone(current), patch, kind);
}
