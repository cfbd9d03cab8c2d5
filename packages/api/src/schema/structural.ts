/**
 * Structural checks against a zod schema: fields the schema does not know (reported as JSON
 * paths for the Strict/Warn/Ignore field validation modes), and values of the wrong type.
 */
import type { z } from 'zod';
import { type ErrorList, FieldPath } from './field-errors.js';
import { surelyValid } from './structural-fast-path.js';

/**
 * zod skips a "__proto__" key of a record or object without checking its value (it guards its
 * output against prototype pollution). Such keys are plain fields here (a ConfigMap key may be
 * "__proto__"), so the schema runs over a copy where they are renamed to this stand-in, and
 * issues name them back.
 */
const PROTO_STAND_IN = '\u0000__proto__';

function hasProtoKey(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(hasProtoKey);
  if (Object.prototype.hasOwnProperty.call(v, '__proto__')) return true;
  for (const k in v) if (hasProtoKey((v as Record<string, unknown>)[k])) return true;
  return false;
}

function withProtoStandIn(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(withProtoStandIn);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k === '__proto__' ? PROTO_STAND_IN : k] = withProtoStandIn((v as Record<string, unknown>)[k]);
  return out;
}

const keyName = (p: PropertyKey): string => (p === PROTO_STAND_IN ? '__proto__' : String(p));

function pathString(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${keyName(p)}` : keyName(p);
  }
  return out;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function valueAt(obj: unknown, path: readonly PropertyKey[]): unknown {
  let cur: any = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[p as any];
  }
  return cur;
}

export interface StructuralResult {
  unknownFields: string[];
}

/** Runs the schema over obj, adding type errors to errs; returns the unknown field paths. */
export function checkStructure(schema: z.ZodType, obj: unknown, errs: ErrorList): StructuralResult {
  const unknownFields: string[] = [];
  if (surelyValid(schema, obj)) return { unknownFields };
  const subject = hasProtoKey(obj) ? withProtoStandIn(obj) : obj;
  const res = schema.safeParse(subject);
  if (res.success) return { unknownFields };
  for (const issue of res.error.issues) {
    collect(issue, subject, errs, unknownFields);
  }
  return { unknownFields };
}

function collect(issue: z.core.$ZodIssue, obj: unknown, errs: ErrorList, unknownFields: string[]): void {
  const at = pathString(issue.path);
  const field = new FieldPath(at);
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const k of issue.keys) unknownFields.push(at ? `${at}.${keyName(k)}` : keyName(k));
      return;
    case 'invalid_type': {
      const v = valueAt(obj, issue.path);
      if (v === undefined) errs.required(field);
      else errs.typeInvalid(field, `${show(v)}: expected ${issue.expected}, got ${typeName(v)}`);
      return;
    }
    case 'invalid_union': {
      const v = valueAt(obj, issue.path);
      if (v === undefined) errs.required(field);
      else errs.typeInvalid(field, `${show(v)}: expected an integer or a string, got ${typeName(v)}`);
      return;
    }
    case 'too_small':
    case 'too_big':
      errs.invalid(
        field,
        valueAt(obj, issue.path),
        issue.code === 'too_small' ? 'must be greater than or equal to the minimum' : 'must be less than or equal to the maximum',
      );
      return;
    default:
      errs.invalid(field, valueAt(obj, issue.path), issue.message);
  }
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
}
