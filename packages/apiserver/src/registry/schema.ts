/**
 * The schema checks of the registry's create/update pipeline: defaulting, then validation and unknown-field
 * detection (`fieldValidation`), from @kemu/api's schemas.
 */
import { badRequest, decodeError, defaultObject, invalid, validateObject, type KubeObject, type ResourceInfo } from '@kemu/api';
import type { WriteOptions } from './context.js';

/** Defaults obj; a known field of the wrong JSON type is first a 400, as kube's decoder answers. */
export function applyDefaults(r: ResourceInfo, obj: KubeObject): KubeObject {
  const err = decodeError(r, obj);
  if (err) throw badRequest(err);
  return defaultObject(r, obj);
}

/**
 * A patched object that does not decode: kube's patcher answers 422 with the cause on the field
 * "patch", the value being the patched object's JSON.
 */
export function checkPatchedDecodes(r: ResourceInfo, patched: KubeObject): void {
  const err = decodeError(r, patched);
  if (!err) return;
  const detail = err.slice(err.indexOf('json: '));
  throw invalid('', '', '', [
    { reason: 'FieldValueInvalid', field: 'patch', message: `Invalid value: ${JSON.stringify(JSON.stringify(patched))}: ${detail}` },
  ]);
}

/**
 * Validates obj (already defaulted). Unknown fields: Strict → 400 with kubectl's
 * `strict decoding error` message, Warn → a warning per field, Ignore → nothing; in the
 * last two cases the fields are dropped. Invalid → 422 with causes.
 */
export function validate(
  r: ResourceInfo,
  obj: KubeObject,
  opts: WriteOptions,
  old?: KubeObject,
  extraCauses: ReturnType<typeof validateObject>['causes'] = [],
): void {
  const { causes, unknownFields } = validateObject(r, obj, { strict: opts.fieldValidation !== 'Ignore', old });
  if (unknownFields.length) {
    if (opts.fieldValidation === 'Strict') {
      const list = unknownFields.map((f) => `unknown field "${f}"`).join(', ');
      throw badRequest(`${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: strict decoding error: ${list}`);
    }
    if (opts.fieldValidation === 'Warn') for (const f of unknownFields) opts.warnings.push(`unknown field "${f}"`);
    for (const f of unknownFields) dropField(obj, f);
  }
  const all = [...causes, ...extraCauses];
  if (all.length) throw invalid(r.kind, r.group, obj.metadata.name ?? obj.metadata.generateName ?? '', all);
}

/** Removes the field at a path like `spec.containers[0].foo` (missing paths are ignored). */
export function dropField(obj: unknown, path: string): void {
  const parts: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) parts.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  let cur: unknown = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    if (cur === null || typeof cur !== 'object') return;
    cur = (cur as Record<string | number, unknown>)[parts[i]];
  }
  if (cur !== null && typeof cur === 'object' && !Array.isArray(cur))
    delete (cur as Record<string, unknown>)[parts[parts.length - 1] as string];
}
