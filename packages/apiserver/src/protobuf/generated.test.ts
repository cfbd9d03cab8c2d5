import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiVersionOf, KINDS } from '@kemu/api';
import { COMMAND, generate, OUTPUT } from '../../scripts/gen-protobuf.mjs';
import { messageNameFor } from './registry.js';

const proto = (text: string) => [{ name: 'test.proto', text: `syntax = "proto2";\npackage k8s.io.api.test.v1;\n${text}` }];

describe('the generated protobuf tables', () => {
  it('are what the generator writes from proto/*.proto', () => {
    const committed = readFileSync(OUTPUT, 'utf8');
    expect(committed === generate(), `${OUTPUT} is stale: run \`${COMMAND}\``).toBe(true);
  });

  it('have the message every kind descriptor names', () => {
    for (const d of KINDS.filter((k) => k.protobuf)) expect(messageNameFor(apiVersionOf(d), d.kind), d.kind).toBe(d.protobuf);
  });

  it('have no message for the kinds whose descriptor names none (JSON bodies only)', () => {
    const jsonOnly = KINDS.filter((k) => !k.protobuf).map((d) => `${apiVersionOf(d)}/${d.kind}`);
    expect(jsonOnly.sort()).toEqual(JSON_ONLY);
    for (const d of KINDS.filter((k) => !k.protobuf)) expect(messageNameFor(apiVersionOf(d), d.kind), d.kind).toBeUndefined();
  });
});

/**
 * Served kinds whose protobuf bodies are refused with 400 (their descriptors name no message): the
 * metrics kinds are read-only, and the CustomResourceDefinition (k8s.io/apiextensions-apiserver,
 * whose JSON schema messages carry custom JSON forms) is not transcribed; kubectl sends CRDs as JSON.
 */
const JSON_ONLY = [
  'apiextensions.k8s.io/v1/CustomResourceDefinition',
  'metrics.k8s.io/v1beta1/NodeMetrics',
  'metrics.k8s.io/v1beta1/PodMetrics',
];

describe('gen-protobuf', () => {
  it('writes numbers, types and Go JSON facts of the messages the roots reach', () => {
    const text = generate(
      proto(`
      message Thing { option (root) = true; optional Spec spec = 2 [(pointer) = true]; repeated string tags = 3; }
      message Spec {
        optional int32 replicas = 1 [(pointer) = true, (omitempty) = false];
        optional string aPIGroup = 2 [json_name = "apiGroup"];
        optional Inner inner = 3 [(inline) = true];
        map<string, Inner> byName = 4;
      }
      message Inner { optional bytes Raw = 1; }`),
    );
    expect(text).toContain(`'api.test.v1.Thing': {\n    spec: [2, 'api.test.v1.Spec'],\n    tags: [3, 'string', 'repeated'],\n  },`);
    expect(text).toContain(`byName: [4, 'api.test.v1.Inner', 'map', 'string'],`);
    expect(text).toContain(`'api.test.v1.Spec': {\n    replicas: 'pk',\n    aPIGroup: '=apiGroup',\n    inner: 'i',\n  },`);
    expect(text).toContain('do not edit');
  });

  it.each([
    ['a message no root reaches', 'message Thing { option (root) = true; } message Orphan {}', /not reachable.*api\.test\.v1\.Orphan/],
    [
      'an unknown field option',
      'message Thing { option (root) = true; optional int32 a = 1 [(pointr) = true]; }',
      /unknown field option \(pointr\)/,
    ],
    ['an unknown message option', 'message Thing { option (rot) = true; }', /unknown message option \(rot\)/],
    [
      'an inlined scalar',
      'message Thing { option (root) = true; optional int32 a = 1 [(inline) = true]; }',
      /only a singular message field/,
    ],
    ['an unresolved type', 'message Thing { option (root) = true; optional Missing a = 1; }', /Missing/],
    ['no root', 'message Thing {}', /no message is marked/],
  ])('rejects %s', (_, text, error) => {
    expect(() => generate(proto(text))).toThrow(error);
  });
});
