/** Small field checks the kinds' validation shares; each reports into an ErrorList. */
import { deepEqual, isObject } from '../meta.js';
import type { ErrorList, FieldPath } from './field-errors.js';
import { str } from './meta-validation.js';

type Obj = Record<string, any>;

export function oneOf(v: unknown, allowed: readonly string[], field: FieldPath, errs: ErrorList, required = false): void {
  if (v === undefined || v === '') {
    if (required) errs.required(field);
    return;
  }
  if (typeof v !== 'string' || !allowed.includes(v)) errs.notSupported(field, v, allowed);
}

export function atLeast(v: unknown, min: number, field: FieldPath, errs: ErrorList): void {
  if (typeof v === 'number' && v < min) errs.invalid(field, v, `must be greater than or equal to ${min}`);
}

export function nonNegative(v: unknown, field: FieldPath, errs: ErrorList): void {
  if (typeof v === 'number' && v < 0) errs.invalid(field, v, 'must be greater than or equal to 0');
}

export function immutable(v: unknown, old: unknown, f: FieldPath, errs: ErrorList): void {
  if (!deepEqual(v, old)) errs.invalid(f, v ?? '', 'field is immutable');
}

/** The object's spec, or an empty one when it is not an object. */
export function specOf(o: Obj): Obj {
  return isObject(o.spec) ? o.spec : {};
}

/** The object's metadata.name, or ''. */
export function nameOf(o: Obj): string {
  return isObject(o.metadata) ? str(o.metadata.name) : '';
}
