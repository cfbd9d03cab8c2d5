/**
 * Point 8 of issue 11: small requests that were answered wrongly now get kube-apiserver's codes and
 * messages (decode errors, patches that move an object, `..` paths, big ConfigMaps, bounded warnings,
 * negative list/watch options).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWatch, startHarness, type Harness } from '../testing/harness.js';
import { WARNINGS_TOTAL_CHARS, WARNING_ITEM_CHARS, boundedWarnings } from './write-options.js';

const NS = '/api/v1/namespaces/default';
const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';

const deployment = (name: string, replicas: unknown) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
  },
});

const pod = (name: string, volume: Record<string, unknown>, mount: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: {
    volumes: [{ name: 'v', ...volume }],
    containers: [{ name: 'c', image: 'nginx', volumeMounts: [{ name: 'v', mountPath: '/d', ...mount }] }],
  },
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  expect((await h.req('POST', DEPLOYMENTS, deployment('web', 2))).status).toBe(201);
});
afterAll(async () => {
  await h?.close();
});

describe('decode errors for values of the wrong type', () => {
  it('refuses "replicas": "3" with 400 instead of storing 1', async () => {
    for (const fv of ['Warn', 'Strict', 'Ignore']) {
      const r = await h.req('POST', `${DEPLOYMENTS}?fieldValidation=${fv}`, deployment('str', '3'));
      expect(r.status).toBe(400);
      expect(r.body.reason).toBe('BadRequest');
      expect(r.body.message).toBe(
        'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
      );
    }
    expect((await h.req('GET', `${DEPLOYMENTS}/str`)).status).toBe(404);
  });

  it('refuses a wrong type that an update brings in with 400, and one a patch brings in with 422 on "patch"', async () => {
    const current = (await h.req('GET', `${DEPLOYMENTS}/web`)).body;
    const updated = await h.req('PUT', `${DEPLOYMENTS}/web`, { ...current, spec: { ...current.spec, replicas: '5' } });
    expect(updated.status).toBe(400);
    expect(updated.body.message).toContain('cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
    const patched = await h.req('PATCH', `${DEPLOYMENTS}/web`, { spec: { replicas: '5' } });
    expect(patched.status).toBe(422);
    expect(patched.body.details.causes[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'patch' });
    expect(patched.body.message).toMatch(
      /^ "" is invalid: patch: Invalid value: ".*": json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32$/,
    );
    expect((await h.req('GET', `${DEPLOYMENTS}/web`)).body.spec.replicas).toBe(2);
  });

  it('names the struct and type of nested and map fields', async () => {
    const cm = await h.req('POST', `${NS}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'n' }, data: { a: 1 } });
    expect(cm.status).toBe(400);
    expect(cm.body.message).toContain('json: cannot unmarshal number into Go struct field ConfigMap.data of type string');
    const svc = await h.req('POST', `${NS}/services`, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { ports: [{ port: '80' }] },
    });
    expect(svc.status).toBe(400);
    expect(svc.body.message).toContain('Go struct field ServicePort.spec.ports.port of type int32');
  });
});

describe('patches that move an object', () => {
  for (const [type, body] of [
    ['application/json-patch+json', [{ op: 'replace', path: '/metadata/name', value: 'moved' }]],
    ['application/merge-patch+json', { metadata: { name: 'moved' } }],
    ['application/strategic-merge-patch+json', { metadata: { name: 'moved' } }],
  ] as const) {
    it(`refuses a ${type} that renames the object with 400`, async () => {
      const r = await h.req('PATCH', `${DEPLOYMENTS}/web`, body, { 'Content-Type': type });
      expect(r.status).toBe(400);
      expect(r.body.message).toBe('the name of the object (moved) does not match the name on the URL (web)');
    });
  }

  it('refuses a patch that changes the uid with 422', async () => {
    const r = await h.req('PATCH', `${DEPLOYMENTS}/web`, [{ op: 'replace', path: '/metadata/uid', value: 'other' }], {
      'Content-Type': 'application/json-patch+json',
    });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('Deployment.apps "web" is invalid: metadata.uid: Invalid value: "other": field is immutable');
  });

  it('refuses a PUT whose uid differs with 409, the uid being a precondition', async () => {
    const current = (await h.req('GET', `${DEPLOYMENTS}/web`)).body;
    const r = await h.req('PUT', `${DEPLOYMENTS}/web`, { ...current, metadata: { ...current.metadata, uid: 'other' } });
    expect(r.status).toBe(409);
    expect(r.body.message).toBe(
      `Operation cannot be fulfilled on deployments.apps "web": Precondition failed: UID in precondition: other, UID in object meta: ${current.metadata.uid}`,
    );
  });
});

describe('paths that step out of a volume', () => {
  it("refuses '..' in a configMap volume's items[].path with 422", async () => {
    const r = await h.req(
      'POST',
      `${NS}/pods`,
      pod('items', { configMap: { name: 'x', items: [{ key: 'a', path: '../etc/passwd' }] } }, {}),
    );
    expect(r.status).toBe(422);
    expect(r.body.details.causes).toContainEqual(
      expect.objectContaining({
        field: 'spec.volumes[0].configMap.items[0].path',
        message: `Invalid value: "../etc/passwd": must not contain '..'`,
      }),
    );
  });

  it("refuses '..' in a projected secret's items[].path with 422", async () => {
    const r = await h.req(
      'POST',
      `${NS}/pods`,
      pod('proj', { projected: { sources: [{ secret: { name: 's', items: [{ key: 'a', path: 'a/../../b' }] } }] } }, {}),
    );
    expect(r.status).toBe(422);
    expect(r.body.message).toContain(
      `spec.volumes[0].projected.sources[0].secret.items[0].path: Invalid value: "a/../../b": must not contain '..'`,
    );
  });

  it("refuses '..' and absolute paths in subPath with 422", async () => {
    const up = await h.req('POST', `${NS}/pods`, pod('sub', { emptyDir: {} }, { subPath: '../x' }));
    expect(up.status).toBe(422);
    expect(up.body.message).toContain(`spec.containers[0].volumeMounts[0].subPath: Invalid value: "../x": must not contain '..'`);
    const abs = await h.req('POST', `${NS}/pods`, pod('abs', { emptyDir: {} }, { subPath: '/x' }));
    expect(abs.status).toBe(422);
    expect(abs.body.message).toContain('must be a relative path');
  });

  it('accepts names that merely contain dots', async () => {
    const r = await h.req(
      'POST',
      `${NS}/pods`,
      pod('dots', { configMap: { name: 'x', items: [{ key: 'a', path: 'a..b/..c' }] } }, { subPath: 'x..y' }),
    );
    expect(r.status).toBe(201);
  });
});

describe('ConfigMap and Secret sizes', () => {
  it('stores a ConfigMap with 100,000 keys (under 1 MiB of values)', async () => {
    const data: Record<string, string> = {};
    for (let i = 0; i < 100_000; i++) data[`k${i}`] = 'v';
    const r = await h.req('POST', `${NS}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'many' }, data });
    expect(r.status).toBe(201);
    expect(Object.keys((await h.req('GET', `${NS}/configmaps/many`)).body.data)).toHaveLength(100_000);
  });

  it('refuses a ConfigMap with more than 1 MiB of values with 422', async () => {
    const data = { a: 'x'.repeat(700 * 1024), b: 'y'.repeat(400 * 1024) };
    const r = await h.req('POST', `${NS}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('ConfigMap "big" is invalid: []: Too long: may not be more than 1048576 bytes');
  });

  it('refuses a Secret with more than 1 MiB of data with 422', async () => {
    const data = { a: Buffer.alloc(1024 * 1024 + 3, 1).toString('base64') };
    const r = await h.req('POST', `${NS}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'big' }, data });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('Secret "big" is invalid: data: Too long: may not be more than 1048576 bytes');
  });
});

describe('warnings', () => {
  it('bounds the Warning header of 100,000 unknown fields and still creates the object', async () => {
    const cm: Record<string, unknown> = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'unknown' } };
    for (let i = 0; i < 100_000; i++) cm[`u${i}`] = 1;
    const r = await h.req('POST', `${NS}/configmaps`, cm);
    expect(r.status).toBe(201);
    const header = String(r.headers.warning);
    expect(header.length).toBeLessThan(2 * WARNINGS_TOTAL_CHARS);
    expect(header).toContain('unknown field \\"u0\\"');
  });

  it('cuts each warning and drops the rest once the total is over the limit, as kube-apiserver does', () => {
    const few = ['a', 'b', 'a'];
    expect(boundedWarnings(few)).toEqual(['a', 'b']);
    const long = Array.from({ length: 40 }, (_, i) => `${i}:${'x'.repeat(500)}`);
    const kept = boundedWarnings(long);
    expect(kept.length).toBeLessThan(long.length);
    for (const w of kept) expect(w.length).toBeLessThanOrEqual(WARNING_ITEM_CHARS + 3);
    expect(kept.reduce((n, w) => n + w.length, 0)).toBeLessThan(WARNINGS_TOTAL_CHARS + WARNING_ITEM_CHARS + 3);
  });
});

describe('negative list and watch options', () => {
  it('treats limit=-5 as no limit (kube-apiserver does not validate it)', async () => {
    const r = await h.req('GET', `${DEPLOYMENTS}?limit=-5`);
    expect(r.status).toBe(200);
    expect(r.body.items.map((d: { metadata: { name: string } }) => d.metadata.name)).toContain('web');
    expect(r.body.metadata.continue).toBeUndefined();
  });

  it('answers a list with timeoutSeconds=-1 and ends a watch with it at once', async () => {
    expect((await h.req('GET', `${DEPLOYMENTS}?timeoutSeconds=-1`)).status).toBe(200);
    const w = await openWatch(h.url, `${DEPLOYMENTS}?watch=true&timeoutSeconds=-1`);
    expect(w.status).toBe(200);
    await w.ended;
  });
});
