/**
 * Structural checks against a zod schema: fields the schema does not know (reported as JSON
 * paths for the Strict/Warn/Ignore field validation modes), and values of the wrong type.
 */
import type { z } from 'zod';
import { ErrorList, FieldPath } from './field-errors.js';
import { surelyValid } from './structural-fast-path.js';

function pathString(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
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

export interface StructuralResult { unknownFields: string[] }

/** Runs the schema over obj, adding type errors to errs; returns the unknown field paths. */
export function checkStructure(schema: z.ZodType, obj: unknown, errs: ErrorList): StructuralResult {
  const unknownFields: string[] = [];
  if (surelyValid(schema, obj)) return { unknownFields };
  const res = schema.safeParse(obj);
  if (res.success) return { unknownFields };
  for (const issue of res.error.issues) {
    collect(issue, obj, errs, unknownFields);
  }
  return { unknownFields };
}

function collect(issue: z.core.$ZodIssue, obj: unknown, errs: ErrorList, unknownFields: string[]): void {
  const at = pathString(issue.path);
  const field = new FieldPath(at);
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const k of issue.keys) unknownFields.push(at ? `${at}.${k}` : k);
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
      errs.invalid(field, valueAt(obj, issue.path), issue.code === 'too_small' ? 'must be greater than or equal to the minimum' : 'must be less than or equal to the maximum');
      return;
    default:
      errs.invalid(field, valueAt(obj, issue.path), issue.message);
  }
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
}
