/**
 * Item 9 of issue 11: one CRD cannot break the API for the others. A schema nested beyond
 * MAX_SCHEMA_DEPTH is refused (422); a CRD whose OpenAPI document cannot be generated is left out
 * of /openapi/v3 alone; a CRD stored with such a schema can still be deleted.
 */
import { MAX_SCHEMA_DEPTH, R, pollUntil, realClock, type KubeObject, type ResourceInfo } from '@kemu/api';
import { objectKey } from '@kemu/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openapiV3Document, openapiV3Index } from '../openapi/index.js';
import { startHarness, type Harness } from '../testing/harness.js';

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

/** A schema whose properties nest `depth` schemas (the root counts as one). */
function nestedSchema(depth: number): Record<string, unknown> {
  let s: Record<string, unknown> = { type: 'string' };
  for (let i = 1; i < depth; i++) s = { type: 'object', properties: { a: s } };
  return s;
}

function crd(plural: string, group: string, schema: Record<string, unknown>): KubeObject {
  const kind = plural.charAt(0).toUpperCase() + plural.slice(1, -1);
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural, singular: plural.slice(0, -1), kind, listKind: `${kind}List` },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  };
}

const poll = (condition: () => Promise<boolean>) => pollUntil(condition, { clock: realClock, intervalMs: 20, timeoutMs: 10_000 });

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('CRD schema depth', () => {
  it(`refuses a schema nested more than ${MAX_SCHEMA_DEPTH} levels with 422, every time`, async () => {
    for (const depth of [MAX_SCHEMA_DEPTH + 1, 300]) {
      const r = await h.req('POST', CRDS, crd('deeps', 'deep.example.com', nestedSchema(depth)));
      expect(r.status).toBe(422);
      expect(r.body.details.causes).toContainEqual(
        expect.objectContaining({
          reason: 'FieldValueForbidden',
          field: 'spec.versions[0].schema.openAPIV3Schema',
          message: `Forbidden: must not nest schemas more than ${MAX_SCHEMA_DEPTH} levels deep`,
        }),
      );
    }
    expect((await h.req('GET', '/openapi/v3')).status).toBe(200);
  });

  it('serves a CRD nested up to the limit, with its OpenAPI document', async () => {
    const schema = nestedSchema(MAX_SCHEMA_DEPTH);
    expect((await h.req('POST', CRDS, crd('talls', 'tall.example.com', schema))).status).toBe(201);
    await poll(async () => (await h.req('GET', '/openapi/v3')).body.paths['apis/tall.example.com/v1'] !== undefined);
    expect((await h.req('GET', '/openapi/v3/apis/tall.example.com/v1')).status).toBe(200);
    expect((await h.req('GET', '/openapi/v3/apis/apps/v1')).status).toBe(200);
  });

  it('deletes a CRD stored with a schema beyond the limit (from before the limit)', async () => {
    const stored = crd('olds', 'old.example.com', nestedSchema(MAX_SCHEMA_DEPTH * 2));
    stored.metadata.uid = '6a7e1f4c-0000-4000-8000-000000000001';
    stored.metadata.creationTimestamp = '2026-01-01T00:00:00Z';
    await h.store.create(objectKey(R.customresourcedefinitions, undefined, stored.metadata.name!), stored);
    await poll(async () => (await h.req('GET', '/openapi/v3')).body.paths['apis/old.example.com/v1'] !== undefined);
    expect((await h.req('GET', '/openapi/v3/apis/apps/v1')).status).toBe(200);
    const del = await h.req('DELETE', `${CRDS}/${stored.metadata.name}`);
    expect(del.status).toBeLessThan(300);
    await poll(async () => (await h.req('GET', `${CRDS}/${stored.metadata.name}`)).status === 404);
  });
});

describe('OpenAPI isolation', () => {
  const custom = (kind: string, schema: Record<string, unknown>): ResourceInfo => ({
    group: 'iso.example.com',
    version: 'v1',
    resource: `${kind.toLowerCase()}s`,
    singular: kind.toLowerCase(),
    kind,
    listKind: `${kind}List`,
    namespaced: true,
    shortNames: [],
    categories: [],
    verbs: ['get', 'list', 'create'],
    subresources: [],
    custom: { schema, printerColumns: [], storageVersion: 'v1' },
  });

  it('leaves out only the custom resource whose document fails, and reports it', () => {
    const cyclic: Record<string, unknown> = { type: 'object', properties: {} };
    (cyclic.properties as Record<string, unknown>).self = cyclic;
    const good = custom('Good', { type: 'object', properties: { spec: { type: 'string' } } });
    const bad = custom('Bad', cyclic);
    const src = { resources: () => [good, bad], generation: 1 };
    const failed: string[] = [];
    const index = openapiV3Index(src, (r) => failed.push(r.kind)) as { paths: Record<string, unknown> };
    expect(failed).toEqual(['Bad']);
    expect(index.paths['apis/iso.example.com/v1']).toBeDefined();
    expect(index.paths['apis/apps/v1']).toBeDefined();
    const doc = openapiV3Document(src, 'apis/iso.example.com/v1') as { components: { schemas: Record<string, unknown> } };
    expect(Object.keys(doc.components.schemas)).toContain('com.example.iso.v1.Good');
    expect(Object.keys(doc.components.schemas)).not.toContain('com.example.iso.v1.Bad');
  });
});
