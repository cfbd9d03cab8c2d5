/** A CRD's `pattern` over the wire: RE2 syntax checked at creation, custom resources matched in linear time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '@kemu/api';
import { startHarness, type Harness } from '../testing/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

const crd = (plural: string, pattern: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.re2.example.com` },
  spec: {
    group: 're2.example.com',
    names: { plural, kind: plural[0].toUpperCase() + plural.slice(1, -1) },
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
});

describe('CRD patterns', () => {
  it('answers a custom resource that backtracking would freeze on with 422 at once', async () => {
    expect((await h.req('POST', CRDS, crd('words', '^(a+)+$'))).status).toBe(201);
    const path = '/apis/re2.example.com/v1/namespaces/default/words';
    await pollUntil(async () => (await h.req('GET', path)).status === 200 || undefined, { timeoutMs: 10_000, intervalMs: 20 });
    const word = (name: string, w: string) => ({ apiVersion: 're2.example.com/v1', kind: 'Word', metadata: { name }, spec: { word: w } });
    // With RegExp, 28 characters blocked the apiserver for 7 s and 60 would never end.
    for (const [i, n] of [28, 60].entries()) {
      const r = await h.req('POST', path, word(`w${i}`, `${'a'.repeat(n - 1)}!`));
      expect(r.status).toBe(422);
      expect(r.body.details.causes).toEqual([
        expect.objectContaining({ field: 'spec.word', message: expect.stringContaining("spec.word in body should match '^(a+)+$'") }),
      ]);
    }
    expect((await h.req('POST', path, word('ok', 'a'.repeat(60)))).status).toBe(201);
  });

  it('refuses a pattern RE2 cannot compile with 422, as kube-apiserver does', async () => {
    const r = await h.req('POST', CRDS, crd('lookaheads', '^(?=a)a$'));
    expect(r.status).toBe(422);
    expect(r.body.message).toContain(
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[word].pattern: Invalid value: "^(?=a)a$": ' +
        "must be a valid regular expression, but isn't: error parsing regexp: invalid or unsupported Perl syntax: `(?=`",
    );
  });
});
