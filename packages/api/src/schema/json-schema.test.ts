import { describe, expect, it } from 'vitest';
import { ErrorList } from './field-errors.js';
import { applyJsonSchemaDefaults, checkJsonSchema } from './json-schema.js';

/** A structural schema with every keyword and extension kemu checks. */
const schema = JSON.parse(`{
  "type": "object",
  "properties": {
    "spec": { "type": "object", "required": ["size"], "properties": {
      "size": { "type": "integer", "minimum": 1, "maximum": 10 },
      "ratio": { "type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1, "exclusiveMaximum": true, "multipleOf": 0.25 },
      "mode": { "type": "string", "enum": ["a", "b"] },
      "maybe": { "type": "string", "nullable": true, "enum": ["x"] },
      "name": { "type": "string", "maxLength": 5, "minLength": 2, "pattern": "^[a-z]+$" },
      "tags": { "type": "array", "maxItems": 2, "minItems": 1, "uniqueItems": true, "items": { "type": "string" } },
      "port": { "x-kubernetes-int-or-string": true },
      "any": {},
      "labels": { "type": "object", "additionalProperties": { "type": "string" }, "maxProperties": 2, "minProperties": 1 },
      "extra": { "type": "object", "x-kubernetes-preserve-unknown-fields": true, "properties": { "n": { "type": "integer" } } },
      "template": { "type": "object", "x-kubernetes-embedded-resource": true, "properties": { "spec": { "type": "object" } } },
      "items": { "type": "array", "items": { "type": "object", "required": ["k"], "properties": { "k": { "type": "string" } } } },
      "__proto__": { "type": "object", "properties": { "p": { "type": "integer" } } },
      "bad": { "type": "string", "pattern": "(?<" }
    } },
    "status": { "type": "object", "x-kubernetes-preserve-unknown-fields": true }
  }
}`);

/** Each spec (as JSON text, so that a "__proto__" key is a plain field) and its field errors and unknown fields. */
const CASES: [string, string[]][] = [
  ['{"size":2}', []],
  ['{"size":"big"}', ['spec.size: Invalid value: "big": spec.size in body must be of type integer: "string"']],
  ['{"size":0}', ['spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1']],
  ['{"size":11}', ['spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10']],
  ['{"size":1.5}', ['spec.size: Invalid value: 1.5: spec.size in body must be of type integer: "number"']],
  ['{}', ['spec.size: Required value']],
  ['{"size":1,"ratio":0}', ['spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0']],
  ['{"size":1,"ratio":1}', ['spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1']],
  ['{"size":1,"ratio":0.3}', ['spec.ratio: Invalid value: 0.3: spec.ratio in body should be a multiple of 0.25']],
  ['{"size":1,"ratio":0.5}', []],
  ['{"size":1,"mode":"c"}', ['spec.mode: Unsupported value: "c": supported values: "a", "b"']],
  ['{"size":1,"mode":3}', ['spec.mode: Invalid value: 3: spec.mode in body must be of type string: "integer"']],
  ['{"size":1,"mode":null}', ['spec.mode: Invalid value: null: spec.mode in body must be of type string: "null"']],
  ['{"size":1,"maybe":null}', []],
  ['{"size":1,"maybe":"y"}', ['spec.maybe: Unsupported value: "y": supported values: "x"']],
  ['{"size":1,"name":"abcdefg"}', ['spec.name: Too long: may not be more than 5 bytes']],
  ['{"size":1,"name":"a"}', ['spec.name: Invalid value: "a": spec.name in body should be at least 2 chars long']],
  ['{"size":1,"name":"AB"}', ['spec.name: Invalid value: "AB": spec.name in body should match \'^[a-z]+$\'']],
  ['{"size":1,"name":"ééé"}', ['spec.name: Invalid value: "ééé": spec.name in body should match \'^[a-z]+$\'']],
  ['{"size":1,"tags":[]}', ['spec.tags: Invalid value: []: spec.tags in body should have at least 1 items']],
  ['{"size":1,"tags":["a","b","c"]}', ['spec.tags: Too many: 3: must have at most 2 items']],
  ['{"size":1,"tags":["a","a"]}', ['spec.tags[1]: Duplicate value: "a"']],
  ['{"size":1,"tags":[1]}', ['spec.tags[0]: Invalid value: 1: spec.tags[0] in body must be of type string: "integer"']],
  ['{"size":1,"port":"http"}', []],
  ['{"size":1,"port":80}', []],
  ['{"size":1,"port":true}', ['spec.port: Invalid value: true: spec.port in body must be of type integer,string: "boolean"']],
  ['{"size":1,"port":1.5}', ['spec.port: Invalid value: 1.5: spec.port in body must be of type integer,string: "number"']],
  ['{"size":1,"any":{"x":1}}', ['unknown spec.any.x']],
  ['{"size":1,"any":null}', ['spec.any: Invalid value: null: spec.any in body must be of type object: "null"']],
  ['{"size":1,"labels":{}}', ['spec.labels: Invalid value: {}: spec.labels in body should have at least 1 properties']],
  ['{"size":1,"labels":{"a":1}}', ['spec.labels.a: Invalid value: 1: spec.labels.a in body must be of type string: "integer"']],
  ['{"size":1,"labels":{"a":"x","b":"y","c":"z"}}', ['spec.labels: Too many: 3: must have at most 2 items']],
  [
    '{"size":1,"extra":{"n":"x","other":{"y":1}}}',
    ['spec.extra.n: Invalid value: "x": spec.extra.n in body must be of type integer: "string"'],
  ],
  [
    '{"size":1,"template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"a":1},"colour":"red"}}',
    ['unknown spec.template.spec.a', 'unknown spec.template.colour'],
  ],
  [
    '{"size":1,"template":{"apiVersion":1}}',
    ['spec.template.apiVersion: Invalid value: 1: apiVersion in body must be of type string: "integer"'],
  ],
  [
    '{"size":1,"items":[{"k":"a"},{"j":"b"},"str"]}',
    [
      'spec.items[1].k: Required value',
      'spec.items[2]: Invalid value: "str": spec.items[2] in body must be of type object: "string"',
      'unknown spec.items[1].j',
    ],
  ],
  [
    '{"size":1,"__proto__":{"p":"x","q":1}}',
    ['spec.__proto__.p: Invalid value: "x": spec.__proto__.p in body must be of type integer: "string"', 'unknown spec.__proto__.q'],
  ],
  ['{"size":1,"bad":"anything"}', []],
  ['{"size":1,"colour":"red","nested":{"deep":1}}', ['unknown spec.colour', 'unknown spec.nested']],
  ['{"size":null}', ['spec.size: Invalid value: null: spec.size in body must be of type integer: "null"']],
  ['null', ['spec: Invalid value: null: spec in body must be of type object: "null"']],
  ['"str"', ['spec: Invalid value: "str": spec in body must be of type object: "string"']],
  ['[1]', ['spec: Invalid value: [1]: spec in body must be of type object: "array"']],
];

describe('checkJsonSchema', () => {
  it.each(CASES)('%s', (spec, expected) => {
    const obj = { apiVersion: 'a.io/v1', kind: 'Foo', metadata: { name: 'f' }, spec: JSON.parse(spec), status: { any: 1 } };
    const errs = new ErrorList();
    const { unknownFields } = checkJsonSchema(schema, obj, errs);
    expect([...errs.causes.map((c) => `${c.field}: ${c.message}`), ...unknownFields.map((f) => `unknown ${f}`)]).toEqual(expected);
  });

  it('reports unknown fields at the root, and allows apiVersion, kind and metadata there', () => {
    const errs = new ErrorList();
    expect(
      checkJsonSchema(schema, { apiVersion: 'a.io/v1', kind: 'Foo', metadata: { anything: 1 }, spec: { size: 1 }, colour: 'red' }, errs)
        .unknownFields,
    ).toEqual(['colour']);
    expect(errs.causes).toEqual([]);
  });

  it('validates again after the schema object changes (a CRD update)', () => {
    const obj = { spec: { size: 1 } };
    const errs = new ErrorList();
    checkJsonSchema({ type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } }, obj, errs);
    checkJsonSchema({ type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'string' } } } } }, obj, errs);
    expect(errs.causes.map((c) => c.message)).toEqual(['Invalid value: 1: spec.size in body must be of type string: "integer"']);
  });

  it('never writes into Object.prototype', () => {
    checkJsonSchema(schema, JSON.parse('{"spec":{"size":1,"__proto__":{"p":1,"polluted":"yes"}}}'), new ErrorList());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });
});

describe('applyJsonSchemaDefaults', () => {
  it('fills absent fields below present parents, in lists and maps too', () => {
    const s = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            size: { type: 'integer', default: 1 },
            ports: { type: 'array', items: { type: 'object', properties: { protocol: { type: 'string', default: 'TCP' } } } },
            byName: { type: 'object', additionalProperties: { type: 'object', properties: { on: { type: 'boolean', default: true } } } },
            absent: { type: 'object', properties: { x: { type: 'integer', default: 2 } } },
          },
        },
      },
    };
    const obj = { spec: { size: 3, ports: [{}, { protocol: 'UDP' }], byName: { a: {} } } };
    applyJsonSchemaDefaults(s, obj);
    expect(obj).toEqual({ spec: { size: 3, ports: [{ protocol: 'TCP' }, { protocol: 'UDP' }], byName: { a: { on: true } } } });
  });
});
