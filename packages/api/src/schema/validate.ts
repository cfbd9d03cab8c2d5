/** validateObject: structural (zod) checks, unknown fields, then the semantic rules of the kind. */
import type { StatusCause } from '../errors.js';
import { kindDescriptorFor } from '../kinds/index.js';
import { setField, isObject } from '../meta.js';
import type { ResourceInfo } from '../resources.js';
import type { KubeObject } from '../types.js';
import { ErrorList } from './field-errors.js';
import { checkJsonSchema } from './json-schema.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta-validation.js';
import { checkStructure, decodeTypeError } from './structural.js';

type Obj = Record<string, any>;

export interface ValidateOptions {
  /** Kept for the caller's choice of field validation; unknown fields are always reported. */
  strict: boolean;
  /** The stored object, on update: enables the immutability rules. */
  old?: KubeObject;
}

export interface ValidationResult {
  causes: StatusCause[];
  unknownFields: string[];
}

/** Go's decoder treats `null` like an absent field: drop null-valued object keys, deeply. */
export function dropNulls<T>(v: T): T {
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      out[i] = x !== null && typeof x === 'object' ? dropNulls(x) : x;
    }
    return out as T;
  }
  if (isObject(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v)) {
      const x = v[k];
      if (x !== null && x !== undefined) setField(out, k, typeof x === 'object' ? dropNulls(x) : x);
    }
    return out as T;
  }
  return v;
}

/** Whether v holds a null or undefined object value anywhere (what dropNulls would remove). */
function hasNulls(v: unknown): boolean {
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null && typeof x === 'object' && hasNulls(x)) return true;
    return false;
  }
  if (isObject(v)) {
    for (const k in v) {
      const x = v[k];
      if (x === null || x === undefined) return true;
      if (typeof x === 'object' && hasNulls(x)) return true;
    }
  }
  return false;
}

/** dropNulls without the copy when there is nothing to drop (validation only reads). */
function withoutNulls<T>(v: T): T {
  return hasNulls(v) ? dropNulls(v) : v;
}

/** Structural checks (the kind's schema, or a custom resource's), metadata, then the kind's own rules. */
export function validateObject(r: ResourceInfo, obj: KubeObject, opts: ValidateOptions): ValidationResult {
  const errs = new ErrorList();
  const clean = withoutNulls(obj) as Obj;
  const d = r.custom ? undefined : kindDescriptorFor(r);
  const { unknownFields } = d?.schema
    ? checkStructure(d.schema, clean, errs)
    : r.custom?.schema
      ? checkJsonSchema(r.custom.schema, clean, errs)
      : { unknownFields: [] as string[] };
  validateObjectMeta(clean.metadata, r.namespaced, d?.nameRule ?? 'subdomain', errs);
  const old = opts.old ? (withoutNulls(opts.old) as Obj) : undefined;
  if (old) validateObjectMetaUpdate(clean.metadata, old.metadata, errs);
  d?.validate?.(clean, old, errs);
  return { causes: errs.causes, unknownFields };
}

/**
 * For a built-in kind: the decode error kube-apiserver answers (400) when a known field holds a value
 * of the wrong JSON type, e.g. `"replicas": "3"`; undefined when the types fit. Runs before defaulting,
 * which would otherwise replace the value. Custom resources are checked by their schema (422) instead.
 */
export function decodeError(r: ResourceInfo, obj: KubeObject): string | undefined {
  if (r.custom) return undefined;
  const schema = kindDescriptorFor(r)?.schema;
  if (!schema) return undefined;
  const err = decodeTypeError(schema, withoutNulls(obj));
  return err && `${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: ${err}`;
}
