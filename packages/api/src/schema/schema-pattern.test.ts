/** CRD schema patterns: RE2 syntax refused at CRD creation as Go refuses it, and matched in linear time. */
import { describe, expect, it } from 'vitest';
import { R } from '../resources.js';
import type { KubeObject } from '../types.js';
import { ErrorList } from './field-errors.js';
import { defaultObject, validateObject } from './index.js';
import { checkJsonSchema } from './json-schema.js';
import { schemaPatternError } from './schema-pattern.js';

const crd = (pattern: string): KubeObject =>
  ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'foos.a.io' },
    spec: {
      group: 'a.io',
      names: { plural: 'foos', kind: 'Foo' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: { spec: { type: 'object', properties: { word: { type: 'string', pattern } } } },
            },
          },
        },
      ],
    },
  }) as KubeObject;

function crdProblems(pattern: string): string[] {
  const r = R.customresourcedefinitions;
  return validateObject(r, defaultObject(r, crd(pattern)), { strict: true }).causes.map((c) => `${c.field}: ${c.message}`);
}

const FIELD = 'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[word].pattern';

describe('CRD schema patterns', () => {
  it.each([
    ['(?=a)b', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ['(a)\\1', 'error parsing regexp: invalid escape sequence: `\\1`'],
    ['+', 'error parsing regexp: missing argument to repetition operator: `+`'],
    ['a{1001}', 'error parsing regexp: invalid repeat count: `{1001}`'],
  ])('refuses %s as Go refuses it', (pattern, goError) => {
    expect(schemaPatternError(pattern)).toBe(goError);
    expect(crdProblems(pattern)).toEqual([
      `${FIELD}: Invalid value: ${JSON.stringify(pattern)}: must be a valid regular expression, but isn't: ${goError}`,
    ]);
  });

  it.each(['^(a+)+$', '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', '(?i)^abc$', '\\d{3}-\\p{L}+'])('accepts the RE2 pattern %s', (pattern) => {
    expect(crdProblems(pattern)).toEqual([]);
  });

  it('matches a pattern that backtracking would take forever on in linear time', () => {
    const schema = { type: 'object', properties: { word: { type: 'string', pattern: '^(a+)+$' } } };
    // RegExp needs about 2^n steps here: 28 characters froze the apiserver for seconds, 60 would never end.
    for (const n of [28, 60, 100_000]) {
      const errs = new ErrorList();
      checkJsonSchema(schema, { word: `${'a'.repeat(n - 1)}!` }, errs);
      expect(errs.causes.map((c) => c.field)).toEqual(['word']);
    }
    const ok = new ErrorList();
    checkJsonSchema(schema, { word: 'a'.repeat(100_000) }, ok);
    expect(ok.causes).toEqual([]);
  });

  it('keeps patterns apart: each field is checked against its own', () => {
    const schema = { type: 'object', properties: { a: { type: 'string', pattern: '^a$' }, b: { type: 'string', pattern: '^b$' } } };
    const errs = new ErrorList();
    checkJsonSchema(schema, { a: 'a', b: 'a' }, errs);
    expect(errs.causes.map((c) => `${c.field}: ${c.message}`)).toEqual([`b: Invalid value: "a": b in body should match '^b$'`]);
  });
});
