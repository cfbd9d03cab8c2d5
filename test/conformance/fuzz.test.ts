/**
 * Property-based robustness of the API: random and malformed requests (methods, paths over
 * every resource and subresource, content types, bodies, query parameters) thrown at an
 * in-process apiserver. Every answer must come back (no hung connection), never be a 5xx,
 * and be a Status when it is an error; afterwards every stored object of every resource still
 * validates against its schema (no garbage stored).
 */
import http from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiVersionOf, RESOURCES, resourcePath, validateObject, type KubeObject } from '@kemu/api';
import { startHarness, type Harness } from '../../packages/apiserver/src/testing/harness.js';

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** One request with a deadline; a hang rejects. */
function send(base: string, method: string, path: string, headers: Record<string, string>, body: Buffer | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      base + path,
      { method, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', reject);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within 8 s: ${method} ${path}`));
    }, 8000);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(body);
  });
}

const SERVED = RESOURCES.filter((r) => r.group !== 'metrics.k8s.io');
const NAMES = ['x', 'web', 'default', 'kube-system', 'a.b', 'UPPER', '%2F', 'very-long-' + 'n'.repeat(300), ''];
const NAMESPACES = ['default', 'kube-system', 'nope', 'BAD_NS'];

const pathArb = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...SERVED),
      fc.constantFrom(...NAMESPACES),
      fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
      fc.option(fc.constantFrom('status', 'scale', 'eviction', 'binding', 'log', 'finalize', 'bogus'), { nil: undefined }),
    )
    .map(([r, ns, name, sub]) => resourcePath(r, r.namespaced ? ns : undefined, name, name ? sub : undefined)),
  fc.constantFrom(
    '/',
    '/api',
    '/apis',
    '/api/v1',
    '/apis/apps',
    '/apis/apps/v1',
    '/apis/nope/v1',
    '/version',
    '/healthz',
    '/readyz',
    '/openapi/v3',
    '/openapi/v3/apis/apps/v1',
    '/api/v1/namespaces/default/pods/x/exec',
    '/api/v1/watch/pods',
    '/../etc/passwd',
    '/api/v1/namespaces//pods',
    '/apis/metrics.k8s.io/v1beta1/nodes',
  ),
  fc
    .array(fc.constantFrom('api', 'apis', 'v1', 'apps', 'namespaces', 'default', 'pods', 'x', '%', '..', '%00', 'status'), {
      minLength: 1,
      maxLength: 8,
    })
    .map((segs) => '/' + segs.join('/')),
);

const queryArb = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'labelSelector',
        'fieldSelector',
        'limit',
        'continue',
        'resourceVersion',
        'fieldValidation',
        'dryRun',
        'fieldManager',
        'force',
        'propagationPolicy',
        'gracePeriodSeconds',
        'includeObject',
        'timeoutSeconds',
        'pretty',
        'zzz',
      ),
      fc.oneof(
        fc.constantFrom(
          '',
          'a=b',
          'a in (x',
          '!!',
          'metadata.name=x',
          'status.phase!=Running',
          'Strict',
          'Warn',
          'Ignore',
          'All',
          'true',
          '-1',
          '0',
          '99999999999999999999',
          'Object',
          'None',
          '%zz',
        ),
        fc.string({ maxLength: 20 }),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => {
    const q = new URLSearchParams();
    for (const [k, v] of pairs) q.append(k, v);
    return q;
  });

const CONTENT_TYPES = [
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
  'text/plain',
  'image/png',
  '',
];

/** Object-shaped values a client could plausibly send, including broken ones. */
const objectArb = fc.oneof(
  fc.constantFrom(...SERVED).chain((r) =>
    fc.record(
      {
        apiVersion: fc.constantFrom(apiVersionOf(r), 'v1', 'bogus/v9'),
        kind: fc.constantFrom(r.kind, 'Pod', 'Nope'),
        metadata: fc.oneof(
          fc.record(
            {
              name: fc.constantFrom(...NAMES),
              namespace: fc.constantFrom(...NAMESPACES),
              labels: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
            },
            { requiredKeys: [] },
          ),
          fc.constant(null),
          fc.constant('str'),
          fc.constant([]),
        ),
        spec: fc.anything({ maxDepth: 3 }),
        status: fc.anything({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    ),
  ),
  fc.array(
    fc.record(
      {
        op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'nope'),
        path: fc.constantFrom('/metadata/labels/a', '/spec', '', '/x/y/z', '/metadata/name'),
        value: fc.anything({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    ),
    { maxLength: 3 },
  ),
  fc.anything({ maxDepth: 4 }),
);

const bodyArb = fc.oneof(
  objectArb.map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
  fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), Buffer.from(a)])),
  fc.constantFrom(Buffer.from('{"a":1,"a":2}'), Buffer.from('{'), Buffer.from('- - -\n: :'), Buffer.from('a: &x [*x]'), Buffer.alloc(0)),
);

const requestArb = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'FROB'),
  path: pathArb,
  query: queryArb,
  contentType: fc.constantFrom(...CONTENT_TYPES),
  accept: fc.constantFrom(
    'application/json',
    'application/json;as=Table;v=v1;g=meta.k8s.io',
    'application/vnd.kubernetes.protobuf',
    'text/html',
    '*/*',
    '',
  ),
  body: fc.option(bodyArb, { nil: undefined }),
});

describe('fuzzing the apiserver with random and malformed requests', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('answers every request, never with a 5xx, errors always as a Status', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        const q = new URLSearchParams(r.query);
        if (q.get('watch') !== null || r.path.includes('/watch/')) q.set('timeoutSeconds', '1');
        if (q.has('timeoutSeconds')) q.set('timeoutSeconds', '1');
        const qs = q.toString();
        const headers: Record<string, string> = {};
        if (r.contentType) headers['content-type'] = r.contentType;
        if (r.accept) headers.accept = r.accept;
        const a = await send(
          h.url,
          r.method,
          r.path + (qs ? `?${qs}` : ''),
          headers,
          r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body,
        );
        // The one 5xx Kubernetes itself answers to a client's input: a resourceVersion newer than the
        // store's, after waiting for it (504 with cause ResourceVersionTooLarge).
        const tooNew = a.status === 504 && a.body.includes('"ResourceVersionTooLarge"');
        if (!tooNew) expect(a.status, `${r.method} ${r.path}?${qs} → ${a.status} ${a.body.slice(0, 300)}`).toBeLessThan(500);
        if (a.status >= 400 && r.method !== 'HEAD' && a.contentType.startsWith('application/json')) {
          const s = JSON.parse(a.body);
          expect(s, `${r.method} ${r.path}`).toMatchObject({ kind: 'Status', status: 'Failure', code: a.status });
        }
      }),
      { numRuns: 3000, endOnFailure: true },
    );
  }, 240_000);

  it('a body over 3 MiB is a 413, an unknown content type a 415', async () => {
    const big = Buffer.from(
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { a: 'x'.repeat(3 * 1024 * 1024) } }),
    );
    const tooBig = await send(h.url, 'POST', '/api/v1/namespaces/default/configmaps', { 'content-type': 'application/json' }, big);
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body)).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge' });
    const png = await send(h.url, 'POST', '/api/v1/namespaces/default/configmaps', { 'content-type': 'image/png' }, Buffer.from('{}'));
    expect(png.status).toBe(415);
  });

  it('stores no garbage: every object of every resource still validates', async () => {
    let checked = 0;
    for (const r of SERVED) {
      const list = await send(h.url, 'GET', resourcePath(r), { accept: 'application/json' }, undefined);
      if (list.status === 405 || list.status === 404) continue;
      expect(list.status, `${r.resource}: ${list.body.slice(0, 200)}`).toBe(200);
      for (const item of JSON.parse(list.body).items as KubeObject[]) {
        const result = validateObject(r, { ...item, apiVersion: apiVersionOf(r), kind: r.kind }, { strict: false });
        expect(result.causes, `${r.resource} ${item.metadata.namespace ?? ''}/${item.metadata.name}`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
