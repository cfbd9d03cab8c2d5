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

type ZodDef = Record<string, any> & { type: string };
const defOf = (s: unknown): ZodDef | undefined => (s as { _zod?: { def: ZodDef } } | undefined)?._zod?.def;

/** The schema without optional/nullable/default/readonly wrappers (and lazy getters). */
function unwrap(s: unknown): unknown {
  for (let i = 0; i < 16; i++) {
    const d = defOf(s);
    if (!d) return s;
    if (d.type === 'optional' || d.type === 'nullable' || d.type === 'default' || d.type === 'readonly' || d.type === 'prefault')
      s = d.innerType;
    else if (d.type === 'lazy') s = d.getter();
    else if (d.type === 'pipe') s = d.in;
    else return s;
  }
  return s;
}

function schemaId(s: unknown): string | undefined {
  const id = (s as { meta?: () => { id?: string } | undefined }).meta?.()?.id;
  return id ? id.slice(id.lastIndexOf('.') + 1) : undefined;
}

/** Go's name of the type a schema decodes into, for decode errors. */
function goType(s: unknown): string {
  const u = unwrap(s);
  const d = defOf(u);
  if (!d) return 'unknown';
  switch (d.type) {
    case 'number': {
      const checks = (d.checks ?? []) as { _zod?: { def?: { check?: string; value?: number } } }[];
      const min = checks.map((c) => c._zod?.def).find((c) => c?.check === 'greater_than')?.value;
      return min === -2147483648 ? 'int32' : (u as { isInt?: boolean }).isInt || (d.checks ?? []).length > 0 ? 'int64' : 'float64';
    }
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'array':
      return `[]${goType(d.element)}`;
    case 'record':
      return `map[string]${goType(d.valueType)}`;
    case 'object':
      return schemaId(u) ?? 'struct';
    default:
      return 'unknown';
  }
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The first value of the wrong JSON type in a known field, as Go's encoding/json reports it when
 * kube-apiserver decodes the body (`json: cannot unmarshal string into Go struct field
 * DeploymentSpec.spec.replicas of type int32`); undefined when every known field has its type.
 * Missing fields, unknown fields and value checks (ranges, formats) are not decode errors.
 */
export function decodeTypeError(schema: z.ZodType, obj: unknown): string | undefined {
  if (surelyValid(schema, obj)) return undefined;
  const subject = hasProtoKey(obj) ? withProtoStandIn(obj) : obj;
  const res = schema.safeParse(subject);
  if (res.success) return undefined;
  for (const issue of res.error.issues) {
    if (issue.code !== 'invalid_type') continue;
    const v = valueAt(subject, issue.path);
    if (v === undefined || v === null) continue;
    // Walk the schema along the path, remembering the innermost struct's Go name.
    let s: unknown = schema;
    let struct = schemaId(unwrap(schema)) ?? 'Object';
    let ok = true;
    /** Map keys are no part of Go's field path. */
    const mapKeys = new Set<number>();
    for (let i = 0; i < issue.path.length; i++) {
      const p = issue.path[i];
      const u = unwrap(s);
      const d = defOf(u);
      if (!d) {
        ok = false;
        break;
      }
      if (d.type === 'object') {
        if (i > 0 || schemaId(u)) struct = schemaId(u) ?? (i > 0 ? `${struct}${capitalize(String(issue.path[i - 1]))}` : struct);
        s = d.shape?.[p as string];
      } else if (d.type === 'array') s = d.element;
      else if (d.type === 'record') {
        s = d.valueType;
        mapKeys.add(i);
      } else ok = false;
      if (!ok || s === undefined) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    const field = issue.path
      .filter((p, i) => typeof p !== 'number' && !mapKeys.has(i))
      .map(keyName)
      .join('.');
    return `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${struct}.${field} of type ${goType(s)}`;
  }
  return undefined;
}
