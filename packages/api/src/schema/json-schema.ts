/**
 * Custom resources against their CRD's structural openAPIV3Schema: validation into field
 * errors (types, required, enum, bounds, patterns, formats of int-or-string), the unknown fields
 * that pruning removes (reported for fieldValidation like any kind's), and `default` values.
 * `apiVersion`, `kind` and `metadata` at the root (and in x-kubernetes-embedded-resource
 * objects) are always allowed; metadata itself is validated as ObjectMeta elsewhere.
 */
import { ownField, setField } from '../meta.js';
import { ErrorList, FieldPath, root, show } from './field-errors.js';

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function matchesType(v: unknown, type: string): boolean {
  const t = typeOf(v);
  if (type === 'number') return t === 'number' || t === 'integer';
  return t === type;
}

const pathOf = (f: FieldPath) => f.value || '<root>';

/** Validates `value` against `schema` at `f`; collects unknown field paths (for pruning). */
function check(schema: Obj, value: unknown, f: FieldPath, errs: ErrorList, unknown: string[], isRoot: boolean): void {
  if (value === null) {
    if (schema.nullable !== true && !isRoot) errs.typeInvalid(f, `null: ${pathOf(f)} in body must be of type ${schema.type ?? 'object'}: "null"`);
    return;
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    if (typeOf(value) !== 'integer' && typeof value !== 'string') errs.typeInvalid(f, `${show(value)}: ${pathOf(f)} in body must be of type integer,string: "${typeOf(value)}"`);
  } else if (typeof schema.type === 'string' && schema.type && !matchesType(value, schema.type)) {
    errs.typeInvalid(f, `${show(value)}: ${pathOf(f)} in body must be of type ${schema.type}: "${typeOf(value)}"`);
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(value))) {
    errs.notSupported(f, value, schema.enum.map((e: unknown) => (typeof e === 'string' ? e : JSON.stringify(e))));
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && (schema.exclusiveMinimum === true ? value <= schema.minimum : value < schema.minimum)) {
      errs.invalid(f, value, `${pathOf(f)} in body should be greater than ${schema.exclusiveMinimum === true ? '' : 'or equal to '}${schema.minimum}`);
    }
    if (typeof schema.maximum === 'number' && (schema.exclusiveMaximum === true ? value >= schema.maximum : value > schema.maximum)) {
      errs.invalid(f, value, `${pathOf(f)} in body should be less than ${schema.exclusiveMaximum === true ? '' : 'or equal to '}${schema.maximum}`);
    }
    if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0 && value % schema.multipleOf !== 0) {
      errs.invalid(f, value, `${pathOf(f)} in body should be a multiple of ${schema.multipleOf}`);
    }
  }
  if (typeof value === 'string') {
    const len = [...value].length;
    if (typeof schema.maxLength === 'number' && len > schema.maxLength) errs.add('FieldValueTooLong', f, `Too long: may not be more than ${schema.maxLength} bytes`);
    if (typeof schema.minLength === 'number' && len < schema.minLength) errs.invalid(f, value, `${pathOf(f)} in body should be at least ${schema.minLength} chars long`);
    if (typeof schema.pattern === 'string') {
      let re: RegExp | undefined;
      try { re = new RegExp(schema.pattern, 'u'); } catch { re = undefined; }
      if (re && !re.test(value)) errs.invalid(f, value, `${pathOf(f)} in body should match '${schema.pattern}'`);
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) errs.add('FieldValueTooMany', f, `Too many: ${value.length}: must have at most ${schema.maxItems} items`);
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errs.invalid(f, value, `${pathOf(f)} in body should have at least ${schema.minItems} items`);
    if (schema.uniqueItems === true) {
      const seen = new Set<string>();
      value.forEach((x, i) => { const k = JSON.stringify(x); if (seen.has(k)) errs.duplicate(f.index(i), x); seen.add(k); });
    }
    if (isObj(schema.items)) value.forEach((x, i) => check(schema.items, x, f.index(i), errs, unknown, false));
    return;
  }
  if (!isObj(value)) return;
  if (typeof schema.maxProperties === 'number' && Object.keys(value).length > schema.maxProperties) errs.add('FieldValueTooMany', f, `Too many: ${Object.keys(value).length}: must have at most ${schema.maxProperties} items`);
  if (typeof schema.minProperties === 'number' && Object.keys(value).length < schema.minProperties) errs.invalid(f, value, `${pathOf(f)} in body should have at least ${schema.minProperties} properties`);
  for (const r of Array.isArray(schema.required) ? schema.required : []) {
    if (typeof r === 'string' && value[r] === undefined) errs.required(f.child(r));
  }
  const props: Obj = isObj(schema.properties) ? schema.properties : {};
  const embedded = isRoot || schema['x-kubernetes-embedded-resource'] === true;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  for (const [k, v] of Object.entries(value)) {
    if (embedded && (k === 'apiVersion' || k === 'kind' || k === 'metadata')) {
      if (k !== 'metadata' && typeof v !== 'string') errs.typeInvalid(f.child(k), `${show(v)}: ${k} in body must be of type string: "${typeOf(v)}"`);
      continue;
    }
    if (isObj(props[k])) check(props[k], v, f.child(k), errs, unknown, false);
    else if (isObj(schema.additionalProperties)) check(schema.additionalProperties, v, f.child(k), errs, unknown, false);
    else if (schema.additionalProperties === true || preserve) continue;
    else unknown.push(f.child(k).value);
  }
}

export interface JsonSchemaResult { unknownFields: string[] }

/** Validates a custom object against its version's schema; errors go to errs. */
export function checkJsonSchema(schema: Record<string, unknown>, obj: unknown, errs: ErrorList): JsonSchemaResult {
  const unknownFields: string[] = [];
  check(schema, obj, root(), errs, unknownFields, true);
  return { unknownFields };
}

/** Fills in the schema's `default` values where fields are absent (recursively, below present parents). Mutates obj. */
export function applyJsonSchemaDefaults(schema: Record<string, unknown>, obj: unknown): void {
  fill(schema as Obj, obj);
}

function fill(schema: Obj, value: unknown): void {
  if (Array.isArray(value)) {
    if (isObj(schema.items)) for (const x of value) fill(schema.items, x);
    return;
  }
  if (!isObj(value)) return;
  if (isObj(schema.properties)) {
    for (const [k, sub] of Object.entries(schema.properties)) {
      if (!isObj(sub)) continue;
      // Own fields only: a property named "__proto__" must neither read nor fill Object.prototype.
      if (ownField(value, k) === undefined && sub.default !== undefined) setField(value, k, structuredClone(sub.default));
      const x = ownField(value, k);
      if (x !== undefined) fill(sub, x);
    }
  }
  if (isObj(schema.additionalProperties)) for (const [k, v] of Object.entries(value)) if (!(isObj(schema.properties) && k in schema.properties)) fill(schema.additionalProperties, v);
}
