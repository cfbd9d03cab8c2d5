/**
 * Custom resources against their CRD's structural openAPIV3Schema: validation into field
 * errors (types, required, enum, bounds, patterns, int-or-string), the unknown fields that
 * pruning removes (reported for fieldValidation like any kind's), and `default` values.
 * `apiVersion`, `kind` and `metadata` at the root (and in x-kubernetes-embedded-resource
 * objects) are always allowed; metadata itself is validated as ObjectMeta elsewhere.
 *
 * Validation is ajv's: each schema is translated once into plain JSON Schema (the OpenAPI v3.0
 * forms and Kubernetes' extensions made explicit) and compiled, and ajv's errors are mapped to
 * Kubernetes' field paths and messages. Defaulting stays a small walk of its own: ajv's
 * `useDefaults` assigns `data[key] = default`, which for a property named "__proto__" would set
 * the object's prototype, and it only runs as a side effect of validating. Patterns are compiled
 * by the RE2 engine of schema-pattern.ts (Go's syntax, linear-time matching), never by RegExp.
 */
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ownField, setField, isObject } from '../meta.js';
import { type ErrorList, type FieldPath, root, show } from './field-errors.js';
import { compileSchemaPattern, schemaPatternError } from './schema-pattern.js';

type Obj = Record<string, any>;

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const INT_OR_STRING = 'x-kubernetes-int-or-string';
/**
 * ajv skips a property named "__proto__" (its guard against prototype pollution), so a schema
 * that has one is validated with that key renamed to this alias, in the schema and in a copy of
 * the object, and the alias is named "__proto__" again in the errors.
 */
const PROTO_ALIAS = '__proto__\u0000kemu';
/** apiVersion and kind of an embedded resource: their type errors name the field alone. */
const EMBEDDED_STRING = Object.freeze({ type: 'string' });
/** Marks the translation of a schema that is neither typed nor nullable: null is refused there too. */
const NOT_NULL = 'x-kemu-not-null';

type AjvModule = typeof import('ajv');
type Ajv = InstanceType<AjvModule['default']>;
let instance: Ajv | undefined;

/** The one ajv instance, loaded on first use: every component imports @kemu/api, only the apiserver validates CRs. */
function ajv(): Ajv {
  if (instance) return instance;
  const { default: AjvClass } = createRequire(import.meta.url)('ajv') as AjvModule;
  instance = new AjvClass({
    allErrors: true,
    verbose: true,
    ownProperties: true,
    strictSchema: true,
    strictTypes: false,
    validateFormats: false,
    code: { regExp: re2RegExp },
  });
  const flag = (keyword: string, ok: (v: unknown) => boolean) =>
    instance!.addKeyword({ keyword, schemaType: 'boolean', errors: false, validate: (on: boolean, v: unknown) => !on || ok(v) });
  flag(INT_OR_STRING, (v) => Number.isInteger(v) || typeof v === 'string');
  flag(NOT_NULL, (v) => v !== null);
  return instance;
}

/**
 * ajv's regExp engine: RE2 instead of RegExp. ajv caches compiled patterns by their toString(),
 * so each names its pattern.
 */
const re2RegExp = Object.assign((pattern: string) => ({ ...compileSchemaPattern(pattern), toString: () => `re2:${pattern}` }), {
  code: 're2',
});

const count = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
/** Keywords ajv takes as they are, each with the form it accepts (a malformed one is not checked, as before). */
const COPIED: [string, (v: unknown) => boolean][] = [
  ['enum', Array.isArray],
  ['multipleOf', (v) => typeof v === 'number' && v > 0],
  ['uniqueItems', (v) => typeof v === 'boolean'],
  ['maxLength', count],
  ['minLength', count],
  ['maxItems', count],
  ['minItems', count],
  ['maxProperties', count],
  ['minProperties', count],
  ['required', (v) => Array.isArray(v) && v.every((x) => typeof x === 'string')],
];

interface Translation {
  aliased: boolean;
}

/** The plain JSON Schema ajv validates for a structural schema (never mutates it). */
function translate(s: Obj, embedded: boolean, t: Translation): Obj {
  const out: Obj = {};
  const nullable = s.nullable === true;
  if (s[INT_OR_STRING] === true) out[INT_OR_STRING] = true;
  else if (typeof s.type === 'string' && s.type) {
    out.type = s.type;
    if (nullable) out.nullable = true;
  } else if (!nullable && !embedded) out[NOT_NULL] = true;
  for (const [k, ok] of COPIED) if (s[k] !== undefined && ok(s[k])) out[k] = s[k];
  if (Array.isArray(out.required) && out.required.includes('__proto__')) {
    t.aliased = true;
    out.required = out.required.map((k: string) => (k === '__proto__' ? PROTO_ALIAS : k));
  }
  if (nullable && Array.isArray(out.enum)) out.enum = [...out.enum, null];
  // OpenAPI v3.0 writes exclusive bounds as booleans beside minimum/maximum.
  if (typeof s.minimum === 'number') out[s.exclusiveMinimum === true ? 'exclusiveMinimum' : 'minimum'] = s.minimum;
  if (typeof s.maximum === 'number') out[s.exclusiveMaximum === true ? 'exclusiveMaximum' : 'maximum'] = s.maximum;
  // CRD validation refuses a pattern RE2 cannot compile; one stored before that rule is not checked.
  if (typeof s.pattern === 'string' && schemaPatternError(s.pattern) === undefined) out.pattern = s.pattern;
  if (isObject(s.items)) out.items = translate(s.items, s['x-kubernetes-embedded-resource'] === true, t);
  const properties: Obj = {};
  if (isObject(s.properties)) {
    for (const [k, sub] of Object.entries(s.properties)) {
      if (!isObject(sub)) continue;
      if (k === '__proto__') t.aliased = true;
      properties[k === '__proto__' ? PROTO_ALIAS : k] = translate(sub, sub['x-kubernetes-embedded-resource'] === true, t);
    }
  }
  if (embedded) {
    properties.apiVersion = EMBEDDED_STRING;
    properties.kind = EMBEDDED_STRING;
    properties.metadata = {};
  }
  if (Object.keys(properties).length > 0) out.properties = properties;
  if (isObject(s.additionalProperties)) out.additionalProperties = translate(s.additionalProperties, false, t);
  else if (s.additionalProperties !== true && s['x-kubernetes-preserve-unknown-fields'] !== true) out.additionalProperties = false;
  return out;
}

/** Compiled validators, per schema object (a CRD version's schema is one object until the CRD changes). */
const compiled = new WeakMap<object, { validate: ValidateFunction; aliased: boolean }>();

function validatorFor(schema: Obj): { validate: ValidateFunction; aliased: boolean } {
  let v = compiled.get(schema);
  if (!v) {
    const t: Translation = { aliased: false };
    const view = translate(schema, true, t);
    v = { validate: ajv().compile(view), aliased: t.aliased };
    ajv().removeSchema(view); // the WeakMap is the only cache
    compiled.set(schema, v);
  }
  return v;
}

/** A copy of v with every "__proto__" key renamed to PROTO_ALIAS. */
function alias(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(alias);
  if (!isObject(v)) return v;
  const out: Obj = {};
  for (const k of Object.keys(v)) out[k === '__proto__' ? PROTO_ALIAS : k] = alias(v[k]);
  return out;
}

const unalias = (k: string) => (k === PROTO_ALIAS ? '__proto__' : k);

/** Field paths in the order a depth-first walk of obj meets them (fields absent from obj last). */
function inDocumentOrder(obj: unknown, paths: string[]): string[] {
  const order = new Map<string, number>();
  const walk = (v: unknown, f: FieldPath) => {
    order.set(f.value, order.size);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, f.index(i)));
    else if (isObject(v)) for (const k of Object.keys(v)) walk(v[k], f.child(k));
  };
  walk(obj, root());
  return [...paths].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
}

/** The field path of a JSON pointer into obj: array elements as indexes, map keys as children. */
function fieldPathOf(obj: unknown, pointer: string): { path: FieldPath; value: unknown } {
  let path = root();
  let cur = obj;
  if (pointer === '') return { path, value: cur };
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      path = path.index(Number(token));
      cur = cur[Number(token)];
    } else {
      path = path.child(unalias(token));
      cur = isObject(cur) ? ownField(cur, token) : undefined;
    }
  }
  return { path, value: cur };
}

/** Adds the Kubernetes rendering of one ajv error to errs (or unknown, for a pruned field). */
function report(e: ErrorObject, obj: unknown, errs: ErrorList, unknown: string[]): void {
  const { path: f, value } = fieldPathOf(obj, e.instancePath);
  const p = f.value || '<root>';
  const params = e.params as Obj;
  const limit = params.limit;
  switch (e.keyword) {
    case 'type':
    case NOT_NULL: {
      const type = (e.parentSchema as Obj | undefined)?.type ?? 'object';
      const name = e.parentSchema === EMBEDDED_STRING ? e.instancePath.slice(e.instancePath.lastIndexOf('/') + 1) : p;
      errs.typeInvalid(f, `${show(value)}: ${name} in body must be of type ${type}: "${typeOf(value)}"`);
      return;
    }
    case INT_OR_STRING:
      errs.typeInvalid(f, `${show(value)}: ${p} in body must be of type integer,string: "${typeOf(value)}"`);
      return;
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).filter((x) => x !== null);
      errs.notSupported(
        f,
        value,
        allowed.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))),
      );
      return;
    }
    case 'minimum':
      errs.invalid(f, value, `${p} in body should be greater than or equal to ${limit}`);
      return;
    case 'exclusiveMinimum':
      errs.invalid(f, value, `${p} in body should be greater than ${limit}`);
      return;
    case 'maximum':
      errs.invalid(f, value, `${p} in body should be less than or equal to ${limit}`);
      return;
    case 'exclusiveMaximum':
      errs.invalid(f, value, `${p} in body should be less than ${limit}`);
      return;
    case 'multipleOf':
      errs.invalid(f, value, `${p} in body should be a multiple of ${params.multipleOf}`);
      return;
    case 'maxLength':
      errs.add('FieldValueTooLong', f, `Too long: may not be more than ${limit} bytes`);
      return;
    case 'minLength':
      errs.invalid(f, value, `${p} in body should be at least ${limit} chars long`);
      return;
    case 'pattern':
      errs.invalid(f, value, `${p} in body should match '${params.pattern}'`);
      return;
    case 'maxItems':
      errs.add('FieldValueTooMany', f, `Too many: ${(value as unknown[]).length}: must have at most ${limit} items`);
      return;
    case 'minItems':
      errs.invalid(f, value, `${p} in body should have at least ${limit} items`);
      return;
    case 'uniqueItems': {
      const later = Math.max(params.i, params.j);
      errs.duplicate(f.index(later), (value as unknown[])[later]);
      return;
    }
    case 'maxProperties':
      errs.add('FieldValueTooMany', f, `Too many: ${Object.keys(value as object).length}: must have at most ${limit} items`);
      return;
    case 'minProperties':
      errs.invalid(f, value, `${p} in body should have at least ${limit} properties`);
      return;
    case 'required':
      errs.required(f.child(unalias(params.missingProperty)));
      return;
    case 'additionalProperties':
      unknown.push(f.child(unalias(params.additionalProperty)).value);
      return;
    default:
      errs.invalid(f, value, `${p} in body ${e.message ?? 'is invalid'}`);
  }
}

export interface JsonSchemaResult {
  unknownFields: string[];
}

/** Validates a custom object against its version's schema; errors go to errs. */
export function checkJsonSchema(schema: Record<string, unknown>, obj: unknown, errs: ErrorList): JsonSchemaResult {
  const unknownFields: string[] = [];
  const { validate, aliased } = validatorFor(schema);
  const data = aliased ? alias(obj) : obj;
  if (validate(data)) return { unknownFields };
  const errors = validate.errors ?? [];
  // A value of the wrong type gets that one error, as in Kubernetes (ajv would also check its enum).
  const isTypeError = (e: ErrorObject) => e.keyword === 'type' || e.keyword === NOT_NULL || e.keyword === INT_OR_STRING;
  const mistyped = new Set(errors.filter(isTypeError).map((e) => e.instancePath));
  for (const e of errors) {
    if (mistyped.has(e.instancePath) && !isTypeError(e)) continue;
    report(e, data, errs, unknownFields);
  }
  return { unknownFields: unknownFields.length > 1 ? inDocumentOrder(obj, unknownFields) : unknownFields };
}

/** Fills in the schema's `default` values where fields are absent (recursively, below present parents). Mutates obj. */
export function applyJsonSchemaDefaults(schema: Record<string, unknown>, obj: unknown): void {
  fill(schema as Obj, obj);
}

function fill(schema: Obj, value: unknown): void {
  if (Array.isArray(value)) {
    if (isObject(schema.items)) for (const x of value) fill(schema.items, x);
    return;
  }
  if (!isObject(value)) return;
  if (isObject(schema.properties)) {
    for (const [k, sub] of Object.entries(schema.properties)) {
      if (!isObject(sub)) continue;
      // Own fields only: a property named "__proto__" must neither read nor fill Object.prototype.
      if (ownField(value, k) === undefined && sub.default !== undefined) setField(value, k, structuredClone(sub.default));
      const x = ownField(value, k);
      if (x !== undefined) fill(sub, x);
    }
  }
  if (isObject(schema.additionalProperties)) {
    const known = isObject(schema.properties) ? schema.properties : {};
    for (const [k, v] of Object.entries(value)) if (!(k in known)) fill(schema.additionalProperties, v);
  }
}
