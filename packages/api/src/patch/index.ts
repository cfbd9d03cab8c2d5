/**
 * The patch engine, one for the apiserver's PATCH verb and for the client's FakeClient (as
 * apimachinery's jsonpatch/strategicpatch serve both sides): JSON merge patch (RFC 7386), JSON
 * patch (RFC 6902, by fast-json-patch), strategic merge patch with the built-in kinds' patch
 * metadata, and server-side apply with managedFields. Pure functions over decoded JSON values;
 * bad patches become Status errors (400 BadRequest, 422 Invalid) as Kubernetes answers. Keys are
 * own fields only: a "__proto__" key is an ordinary field and never reaches Object.prototype.
 */
import { ApiError, badRequest, failure } from '../errors.js';
import type { ResourceInfo } from '../resources.js';
import type { KubeObject } from '../types.js';
import { isObject } from './json-value.js';
import { jsonPatch, PatchApplyError, PatchFormatError } from './json-patch.js';
import { mergePatch } from './merge-patch.js';
import { strategicMergePatch } from './strategic-merge-patch.js';
import { serverSideApply, type ApplyOptions } from './apply.js';

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';

export { mergePatch } from './merge-patch.js';
export { jsonPatch, parsePointer, PatchApplyError, PatchFormatError } from './json-patch.js';
export { strategicMergePatch } from './strategic-merge-patch.js';
export { serverSideApply, decodeApplyBody, type ApplyOptions } from './apply.js';
export { fieldSetOf, type FieldSet } from './field-set.js';
export { fieldMeta, rootTypeOf, type FieldMeta } from './patch-meta.js';
export { recordUpdate, type UpdateManagerOptions } from './managed-fields.js';

/** The patch type of a PATCH request's Content-Type, or undefined when it is not a patch type. */
export function patchTypeOf(contentType: string | undefined): PatchType | undefined {
  const ct = (contentType ?? '').split(';')[0].trim().toLowerCase();
  switch (ct) {
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/json-patch+json':
      return 'json';
    case 'application/apply-patch+yaml':
    case 'application/apply-patch+json':
      return 'apply';
    default:
      return undefined;
  }
}

/**
 * Applies a patch to the current object and returns the patched object; never mutates
 * `current`. Throws ApiError 400 for malformed patches, 422 for JSON patches that do not apply.
 * For 'apply', pass `apply.fieldManager` (and `force`) to track field ownership in managedFields
 * (409 on conflicts with other appliers); without it the configuration is only merged.
 */
export function applyPatch(type: PatchType, current: KubeObject, patch: unknown, r: ResourceInfo, apply?: ApplyOptions): KubeObject {
  let out: unknown;
  try {
    switch (type) {
      case 'merge':
        if (!isObject(patch)) throw badRequest('error decoding patch: a merge patch must be a JSON object');
        out = mergePatch(current, patch);
        break;
      case 'strategic':
        out = strategicMergePatch(current, patch, r.kind);
        break;
      case 'json':
        out = jsonPatch(current, patch);
        break;
      case 'apply':
        out = serverSideApply(current, patch, r.kind, apply);
        break;
      default:
        throw failure(415, 'UnsupportedMediaType', `the patch type ${String(type)} is not supported`);
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (err instanceof PatchFormatError) throw badRequest(err.message);
    // As kube-apiserver: a generic 422 whose cause carries the JSON patch library's message.
    if (err instanceof PatchApplyError) {
      throw failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {
        causes: [{ type: 'UnexpectedServerResponse', reason: 'UnexpectedServerResponse', message: err.message }],
      });
    }
    throw badRequest(`error applying patch: ${(err as Error).message}`);
  }
  if (!isObject(out)) throw badRequest('the patched object must be a JSON object');
  if (!isObject(out.metadata)) out.metadata = {};
  return out as unknown as KubeObject;
}
