/** RFC 7386 JSON merge patch: objects merge recursively, null deletes, everything else replaces. */
import { setField } from '../meta.js';
import { deepClone, isObject, own, type Json } from './json-value.js';

export function mergePatch(target: unknown, patch: unknown): Json {
  if (!isObject(patch)) return deepClone(patch as Json);
  const out: Record<string, Json> = isObject(target) ? deepClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else setField(out, k, mergePatch(own(out, k), v));
  }
  return out;
}
