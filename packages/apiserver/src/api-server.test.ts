import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, pod, type Harness } from './testing/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const PODS = '/api/v1/namespaces/default/pods';
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('discovery and health', () => {
  it('reports minor version 32 so the kubectl dispatcher picks 1.32', async () => {
    const r = await h.req('GET', '/version?timeout=5s');
    expect(r.status).toBe(200);
    expect(r.body.minor).toBe('32');
    expect(r.body.gitVersion).toMatch(/^v1\.32\./);
  });

  it('serves aggregated discovery with the exact content type when asked', async () => {
    const accept =
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
    const r = await h.req('GET', '/apis', undefined, { Accept: accept });
    expect(r.headers['content-type']).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const apps = r.body.items.find((i: any) => i.metadata.name === 'apps');
    const deploy = apps.versions[0].resources.find((x: any) => x.resource === 'deployments');
    expect(deploy.shortNames).toEqual(['deploy']);
    expect(deploy.subresources.find((s: any) => s.subresource === 'scale').responseKind).toEqual({
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
    });
    const core = await h.req('GET', '/api', undefined, { Accept: accept });
    expect(core.body.items[0].metadata.name).toBeUndefined();
    expect(core.body.items[0].versions[0].resources.map((x: any) => x.resource)).toContain('pods');
  });

  it('serves legacy discovery including pods/eviction', async () => {
    expect((await h.req('GET', '/api')).body.versions).toEqual(['v1']);
    const v1 = await h.req('GET', '/api/v1');
    expect(v1.body.kind).toBe('APIResourceList');
    expect(v1.body.resources).toContainEqual(
      expect.objectContaining({ name: 'pods/eviction', group: 'policy', version: 'v1', kind: 'Eviction' }),
    );
    const groups = await h.req('GET', '/apis');
    expect(groups.body.groups.map((g: any) => g.name)).toContain('apps');
    expect((await h.req('GET', '/apis/apps/v1')).body.groupVersion).toBe('apps/v1');
    expect((await h.req('GET', '/apis/nope/v1')).status).toBe(404);
  });

  it('answers health endpoints and 404s /openapi/v2 with a Status', async () => {
    expect((await h.req('GET', '/healthz')).text).toBe('ok');
    expect((await h.req('GET', '/readyz')).status).toBe(200);
    const v2 = await h.req('GET', '/openapi/v2');
    expect(v2.status).toBe(404);
    expect(v2.body.kind).toBe('Status');
  });
});

describe('start-up objects', () => {
  it('creates the system namespaces and the kubernetes service with its endpoints', async () => {
    const ns = await h.req('GET', '/api/v1/namespaces');
    expect(ns.body.items.map((n: any) => n.metadata.name)).toEqual(
      expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease']),
    );
    const svc = await h.req('GET', '/api/v1/namespaces/default/services/kubernetes');
    expect(svc.body.spec.clusterIP).toBe('127.96.0.1');
    expect(svc.body.spec.ports[0]).toMatchObject({ name: 'https', port: 443, targetPort: h.server.port });
    const ep = await h.req('GET', '/api/v1/namespaces/default/endpoints/kubernetes');
    expect(ep.body.subsets[0].addresses[0].ip).toBe('127.0.0.1');
    const es = await h.req('GET', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes');
    expect(es.body.ports[0].name).toBe('https');
  });
});

describe('pods: create, read, update', () => {
  it('creates a pod with system fields, admission defaults and a Pending status', async () => {
    const r = await h.req('POST', PODS, pod('p1', { status: { phase: 'Running' } }));
    expect(r.status).toBe(201);
    const p = r.body;
    expect(p.apiVersion).toBe('v1');
    expect(p.kind).toBe('Pod');
    expect(p.metadata.uid).toMatch(/[0-9a-f-]{36}/);
    expect(p.metadata.creationTimestamp).toMatch(/Z$/);
    expect(p.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(p.status.phase).toBe('Pending');
    expect(p.status.qosClass).toBe('BestEffort');
    expect(p.spec.serviceAccountName).toBe('default');
    expect(p.spec.tolerations).toEqual(
      expect.arrayContaining([
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 },
      ]),
    );
  });

  it('gets, lists with selectors, and 404s', async () => {
    await h.req('POST', PODS, pod('p2', { metadata: { labels: { app: 'db' } } }));
    expect((await h.req('GET', `${PODS}/p2`)).body.metadata.name).toBe('p2');
    const list = await h.req('GET', `${PODS}?labelSelector=${encodeURIComponent('app in (db)')}`);
    expect(list.body.kind).toBe('PodList');
    expect(list.body.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(list.body.items.map((p: any) => p.metadata.name)).toEqual(['p2']);
    const byField = await h.req('GET', `/api/v1/pods?fieldSelector=${encodeURIComponent('metadata.name=p1,status.phase=Pending')}`);
    expect(byField.body.items.map((p: any) => p.metadata.name)).toEqual(['p1']);
    const missing = await h.req('GET', `${PODS}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'pods "nope" not found', code: 404 });
    expect((await h.req('GET', `${PODS}?fieldSelector=spec.bogus%3Dx`)).status).toBe(400);
    expect((await h.req('GET', `${PODS}?labelSelector=${encodeURIComponent('a in b')}`)).status).toBe(400);
  });

  it('refuses duplicates, missing namespaces and mismatched namespaces', async () => {
    const dup = await h.req('POST', PODS, pod('p1'));
    expect(dup.status).toBe(409);
    expect(dup.body.reason).toBe('AlreadyExists');
    const noNs = await h.req('POST', '/api/v1/namespaces/ghost/pods', pod('x'));
    expect(noNs.status).toBe(404);
    expect(noNs.body.message).toBe('namespaces "ghost" not found');
    const mismatch = await h.req('POST', PODS, pod('x', { metadata: { namespace: 'kube-system' } }));
    expect(mismatch.status).toBe(400);
  });

  it('generates names from generateName', async () => {
    const r = await h.req('POST', PODS, { ...pod(''), metadata: { generateName: 'gen-' } });
    expect(r.status).toBe(201);
    expect(r.body.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  it('answers 409 on a stale resourceVersion and ignores status on the main resource', async () => {
    const cur = (await h.req('GET', `${PODS}/p1`)).body;
    const next = { ...cur, metadata: { ...cur.metadata, labels: { app: 'web', v: '2' } }, status: { phase: 'Running' } };
    const ok = await h.req('PUT', `${PODS}/p1`, next);
    expect(ok.status).toBe(200);
    expect(ok.body.metadata.labels.v).toBe('2');
    expect(ok.body.status.phase).toBe('Pending');
    const stale = await h.req('PUT', `${PODS}/p1`, next);
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
    expect(stale.body.message).toContain('the object has been modified');
  });

  it('changes only status through the status subresource', async () => {
    const cur = (await h.req('GET', `${PODS}/p1`)).body;
    const r = await h.req('PUT', `${PODS}/p1/status`, {
      ...cur,
      metadata: { ...cur.metadata, labels: {} },
      status: { phase: 'Running', podIP: '127.244.1.2' },
    });
    expect(r.status).toBe(200);
    expect(r.body.status.phase).toBe('Running');
    expect(r.body.metadata.labels.v).toBe('2');
    const patched = await h.req('PATCH', `${PODS}/p1/status`, { status: { phase: 'Succeeded' }, spec: { nodeName: 'x' } });
    expect(patched.body.status.phase).toBe('Succeeded');
    expect(patched.body.spec.nodeName).toBeUndefined();
  });

  it('applies merge, json and strategic patches, with 409 on a stale resourceVersion in the patch', async () => {
    const merge = await h.req('PATCH', `${PODS}/p2`, { metadata: { labels: { version: 'v1' } } });
    expect(merge.status).toBe(200);
    expect(merge.body.metadata.labels).toEqual({ app: 'db', version: 'v1' });
    const json = await h.req('PATCH', `${PODS}/p2`, [{ op: 'remove', path: '/metadata/labels/version' }], {
      'Content-Type': 'application/json-patch+json',
    });
    expect(json.body.metadata.labels).toEqual({ app: 'db' });
    const smp = await h.req(
      'PATCH',
      `${PODS}/p2`,
      { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } },
      { 'Content-Type': 'application/strategic-merge-patch+json' },
    );
    expect(smp.status).toBe(200);
    expect(smp.body.spec.containers[0].image).toBe('nginx:2');
    const stale = await h.req('PATCH', `${PODS}/p2`, { metadata: { resourceVersion: '1', labels: { a: 'b' } } });
    expect(stale.status).toBe(409);
    const bad = await h.req('PATCH', `${PODS}/p2`, { a: 1 }, { 'Content-Type': 'application/xml' });
    expect(bad.status).toBe(415);
  });

  it('creates on apply-patch of a missing object', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { a: '1' } };
    const r = await h.req(
      'PATCH',
      '/api/v1/namespaces/default/configmaps/applied?fieldManager=kubectl&fieldValidation=Strict&force=false',
      cm,
      { 'Content-Type': 'application/apply-patch+yaml' },
    );
    expect(r.status).toBe(201);
    expect(r.body.data).toEqual({ a: '1' });
    const again = await h.req(
      'PATCH',
      '/api/v1/namespaces/default/configmaps/applied?fieldManager=kubectl',
      { ...cm, data: { a: '2' } },
      { 'Content-Type': 'application/apply-patch+yaml' },
    );
    expect(again.status).toBe(200);
    expect(again.body.data.a).toBe('2');
    const noManager = await h.req('PATCH', '/api/v1/namespaces/default/configmaps/applied', cm, {
      'Content-Type': 'application/apply-patch+yaml',
    });
    expect(noManager.status).toBe(400);
  });
});

describe('request errors', () => {
  it('answers 400 for a malformed body, 415 for an unknown content type, 413 for a huge body', async () => {
    const malformed = await h.req('POST', PODS, '{"metadata":', { 'Content-Type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.kind).toBe('Status');
    const xml = await h.req('POST', PODS, '<pod/>', { 'Content-Type': 'application/xml' });
    expect(xml.status).toBe(415);
    const huge = await h.req('POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'big' },
      data: { x: 'a'.repeat(3 * 1024 * 1024 + 10) },
    });
    expect(huge.status).toBe(413);
  });

  it('accepts YAML bodies', async () => {
    const r = await h.req(
      'POST',
      '/api/v1/namespaces/default/configmaps',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  k: v\n',
      { 'Content-Type': 'application/yaml' },
    );
    expect(r.status).toBe(201);
    expect(r.body.data).toEqual({ k: 'v' });
  });

  it('keeps a "__proto__" key like any other (a valid ConfigMap key in Kubernetes)', async () => {
    const body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"proto-key"},"data":{"__proto__":"v","a":"b"}}';
    const created = await h.req('POST', '/api/v1/namespaces/default/configmaps', body, { 'Content-Type': 'application/json' });
    expect(created.status).toBe(201);
    const got = await h.req('GET', '/api/v1/namespaces/default/configmaps/proto-key');
    const listed = await h.req('GET', '/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Dproto-key');
    for (const data of [created.body.data, got.body.data, listed.body.items[0].data]) {
      expect(JSON.stringify(data)).toBe('{"__proto__":"v","a":"b"}');
    }
  });

  it('patches a "__proto__" key as a plain field and never into Object.prototype', async () => {
    const at = '/api/v1/namespaces/default/configmaps/proto-patch';
    const body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"proto-patch"},"data":{"a":"b"}}';
    expect((await h.req('POST', '/api/v1/namespaces/default/configmaps', body, { 'Content-Type': 'application/json' })).status).toBe(201);
    const types = ['application/merge-patch+json', 'application/strategic-merge-patch+json'];
    for (const type of types) {
      // A map where a string belongs: invalid (422), and nothing may leak into other objects meanwhile.
      const polluting = await h.req('PATCH', at, '{"data":{"__proto__":{"polluted":"yes"}}}', { 'Content-Type': type });
      expect([type, polluting.status]).toEqual([type, 422]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
    const deep = await h.req('PATCH', at, '[{"op":"add","path":"/data/__proto__/polluted","value":"yes"}]', {
      'Content-Type': 'application/json-patch+json',
    });
    expect(deep.status).toBe(422);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const [i, type] of [...types, 'application/json-patch+json'].entries()) {
      const patch = type.startsWith('application/json')
        ? `[{"op":"add","path":"/data/__proto__","value":"v${i}"}]`
        : `{"data":{"__proto__":"v${i}"}}`;
      const r = await h.req('PATCH', at, patch, { 'Content-Type': type });
      expect([type, r.status, JSON.stringify(r.body.data)]).toEqual([type, 200, `{"__proto__":"v${i}","a":"b"}`]);
    }
  });

  it('rejects unknown fields under Strict, warns under Warn, drops them under Ignore', async () => {
    const body = (name: string) => ({ ...pod(name), spec: { containers: [{ name: 'c', image: 'nginx' }], bogus: true } });
    const strict = await h.req('POST', `${PODS}?fieldValidation=Strict`, body('s1'));
    expect(strict.status).toBe(400);
    expect(strict.body.message).toContain('strict decoding error: unknown field "spec.bogus"');
    const warn = await h.req('POST', `${PODS}?fieldValidation=Warn`, body('s2'));
    expect(warn.status).toBe(201);
    expect(warn.headers.warning).toContain('unknown field \\"spec.bogus\\"');
    expect(warn.body.spec.bogus).toBeUndefined();
    const ignore = await h.req('POST', `${PODS}?fieldValidation=Ignore`, body('s3'));
    expect(ignore.status).toBe(201);
    expect(ignore.headers.warning).toBeUndefined();
  });

  it('answers 422 with causes for an invalid object', async () => {
    const r = await h.req('POST', PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad' }, spec: { containers: [] } });
    expect(r.status).toBe(422);
    expect(r.body.reason).toBe('Invalid');
    expect(r.body.details.causes.length).toBeGreaterThan(0);
  });

  it('persists nothing with dryRun=All', async () => {
    const r = await h.req('POST', `${PODS}?dryRun=All`, pod('dry'));
    expect(r.status).toBe(201);
    expect((await h.req('GET', `${PODS}/dry`)).status).toBe(404);
    const del = await h.req('DELETE', `${PODS}/p2?dryRun=All`);
    expect(del.status).toBe(200);
    expect((await h.req('GET', `${PODS}/p2`)).status).toBe(200);
  });

  it('answers 404 Status for unknown resources and 405 for unsupported verbs', async () => {
    expect((await h.req('GET', '/api/v1/namespaces/default/foos')).status).toBe(404);
    expect((await h.req('GET', '/api/v1/namespaces/default/bindings')).status).toBe(405);
  });
});

describe('deletion', () => {
  it('deletes an unbound pod at once and a bound pod gracefully', async () => {
    await h.req('POST', PODS, pod('gone'));
    const d1 = await h.req('DELETE', `${PODS}/gone`, { propagationPolicy: 'Background' });
    expect(d1.status).toBe(200);
    expect((await h.req('GET', `${PODS}/gone`)).status).toBe(404);

    await h.req('POST', PODS, pod('bound', { spec: { nodeName: 'node-1', terminationGracePeriodSeconds: 20 } }));
    const d2 = await h.req('DELETE', `${PODS}/bound`);
    expect(d2.status).toBe(200);
    expect(d2.body.metadata.deletionTimestamp).toBeDefined();
    expect(d2.body.metadata.deletionGracePeriodSeconds).toBe(20);
    const table = await h.req('GET', `${PODS}/bound`, undefined, { Accept: TABLE_ACCEPT });
    expect(table.body.rows[0].cells[2]).toBe('Terminating');
    const d3 = await h.req('DELETE', `${PODS}/bound?gracePeriodSeconds=0`);
    expect(d3.status).toBe(200);
    expect((await h.req('GET', `${PODS}/bound`)).status).toBe(404);
  });

  it('keeps an object with finalizers until the last one is removed', async () => {
    const cm = { metadata: { name: 'fin', finalizers: ['example.com/x'] }, data: {} };
    await h.req('POST', '/api/v1/namespaces/default/configmaps', cm);
    const d = await h.req('DELETE', '/api/v1/namespaces/default/configmaps/fin');
    expect(d.status).toBe(200);
    expect(d.body.metadata.deletionTimestamp).toBeDefined();
    expect((await h.req('GET', '/api/v1/namespaces/default/configmaps/fin')).status).toBe(200);
    const p = await h.req('PATCH', '/api/v1/namespaces/default/configmaps/fin', { metadata: { finalizers: null } });
    expect(p.status).toBe(200);
    expect((await h.req('GET', '/api/v1/namespaces/default/configmaps/fin')).status).toBe(404);
  });

  it('adds the orphan and foregroundDeletion finalizers for those policies', async () => {
    const rs = {
      metadata: { name: 'rs1' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
      },
    };
    await h.req('POST', '/apis/apps/v1/namespaces/default/replicasets', rs);
    const d = await h.req('DELETE', '/apis/apps/v1/namespaces/default/replicasets/rs1', { propagationPolicy: 'Orphan' });
    expect(d.body.metadata.finalizers).toEqual(['orphan']);
    expect(d.body.metadata.generation).toBe(2);
    const pre = await h.req('DELETE', '/apis/apps/v1/namespaces/default/replicasets/rs1', { preconditions: { uid: 'other' } });
    expect(pre.status).toBe(409);
  });

  it('deletes a collection by label', async () => {
    for (const n of ['c1', 'c2'])
      await h.req('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: n, labels: { group: 'dc' } } });
    const r = await h.req('DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=group%3Ddc');
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(2);
    expect((await h.req('GET', '/api/v1/namespaces/default/configmaps?labelSelector=group%3Ddc')).body.items).toHaveLength(0);
  });

  it('terminates namespaces: no new content, gone after finalize', async () => {
    await h.req('POST', '/api/v1/namespaces', { metadata: { name: 'doomed' } });
    const d = await h.req('DELETE', '/api/v1/namespaces/doomed');
    expect(d.body.status.phase).toBe('Terminating');
    const create = await h.req('POST', '/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'x' } });
    expect(create.status).toBe(403);
    const ns = (await h.req('GET', '/api/v1/namespaces/doomed')).body;
    const fin = await h.req('PUT', '/api/v1/namespaces/doomed/finalize', { ...ns, spec: { finalizers: [] } });
    expect(fin.status).toBe(200);
    expect((await h.req('GET', '/api/v1/namespaces/doomed')).status).toBe(404);
  });
});

describe('workloads', () => {
  const deploy = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  };

  it('tracks generation on spec changes only', async () => {
    const c = await h.req('POST', '/apis/apps/v1/namespaces/default/deployments', deploy);
    expect(c.body.metadata.generation).toBe(1);
    expect(c.body.spec.strategy.type).toBe('RollingUpdate');
    const l = await h.req('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', { metadata: { labels: { x: 'y' } } });
    expect(l.body.metadata.generation).toBe(1);
    const s = await h.req('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', { spec: { replicas: 3 } });
    expect(s.body.metadata.generation).toBe(2);
  });

  it('serves the scale subresource', async () => {
    const g = await h.req('GET', '/apis/apps/v1/namespaces/default/deployments/web/scale');
    expect(g.body).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 3 },
      status: { replicas: 0, selector: 'app=web' },
    });
    const p = await h.req('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', { spec: { replicas: 5 } });
    expect(p.status).toBe(200);
    expect(p.body.spec.replicas).toBe(5);
    const d = (await h.req('GET', '/apis/apps/v1/namespaces/default/deployments/web')).body;
    expect(d.spec.replicas).toBe(5);
    expect(d.metadata.generation).toBe(3);
    const u = await h.req('PUT', '/apis/apps/v1/namespaces/default/deployments/web/scale', {
      ...p.body,
      spec: { replicas: 1 },
      metadata: { ...p.body.metadata, resourceVersion: '1' },
    });
    expect(u.status).toBe(409);
  });

  it('defaults ReplicationController labels and selector from its template', async () => {
    const rc = {
      metadata: { name: 'rc1' },
      spec: { replicas: 1, template: { metadata: { labels: { name: 'rc1' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
    };
    const r = await h.req('POST', '/api/v1/namespaces/default/replicationcontrollers', rc);
    expect(r.status).toBe(201);
    expect(r.body.metadata.labels).toEqual({ name: 'rc1' });
    expect(r.body.spec.selector).toEqual({ name: 'rc1' });
  });
});

describe('pod subresources', () => {
  it('binds a pod once, and refuses a second binding', async () => {
    await h.req('POST', PODS, pod('tobind'));
    const b = await h.req('POST', `${PODS}/tobind/binding`, {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'tobind' },
      target: { kind: 'Node', name: 'node-1' },
    });
    expect(b.status).toBe(201);
    const p = (await h.req('GET', `${PODS}/tobind`)).body;
    expect(p.spec.nodeName).toBe('node-1');
    expect(p.status.conditions).toContainEqual(expect.objectContaining({ type: 'PodScheduled', status: 'True' }));
    const again = await h.req('POST', '/api/v1/namespaces/default/bindings', { metadata: { name: 'tobind' }, target: { name: 'node-2' } });
    expect(again.status).toBe(409);
  });

  it('evicts a pod', async () => {
    await h.req('POST', PODS, pod('evictme'));
    const e = await h.req('POST', `${PODS}/evictme/eviction`, {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'evictme', namespace: 'default' },
      deleteOptions: {},
    });
    expect(e.status).toBe(201);
    expect((await h.req('GET', `${PODS}/evictme`)).status).toBe(404);
  });
});

describe('tables', () => {
  it('prints pods with kubectl columns and PartialObjectMetadata rows', async () => {
    const r = await h.req('GET', `${PODS}?limit=500`, undefined, { Accept: TABLE_ACCEPT });
    expect(r.body.kind).toBe('Table');
    expect(r.body.columnDefinitions.map((c: any) => c.name)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'IP',
      'Node',
      'Nominated Node',
      'Readiness Gates',
    ]);
    expect(r.body.columnDefinitions.find((c: any) => c.name === 'IP').priority).toBe(1);
    const row = r.body.rows.find((x: any) => x.cells[0] === 'p2');
    expect(row.cells.slice(1, 4)).toEqual(['0/1', 'Pending', '0']);
    expect(row.cells[4]).toMatch(/^\d+s$/);
    expect(row.object.kind).toBe('PartialObjectMetadata');
    expect(row.object.metadata.labels).toEqual({ app: 'db' });
    const full = await h.req('GET', `${PODS}?includeObject=Object`, undefined, { Accept: TABLE_ACCEPT });
    expect(full.body.rows[0].object.kind).toBe('Pod');
  });

  it('prints services, namespaces and a default Name/Age table', async () => {
    const svc = await h.req('GET', '/api/v1/namespaces/default/services', undefined, { Accept: TABLE_ACCEPT });
    expect(svc.body.rows[0].cells.slice(0, 5)).toEqual(['kubernetes', 'ClusterIP', '127.96.0.1', '<none>', '443/TCP']);
    const ns = await h.req('GET', '/api/v1/namespaces/default', undefined, { Accept: TABLE_ACCEPT });
    expect(ns.body.rows[0].cells.slice(0, 2)).toEqual(['default', 'Active']);
  });
});

describe('leases', () => {
  const LEASES = '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases';
  const lease = (rv?: string) => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'kube-scheduler', ...(rv ? { resourceVersion: rv } : {}) },
    spec: { holderIdentity: 'scheduler-1', leaseDurationSeconds: 4 },
  });

  it('creates by PUT and requires resourceVersion on later updates', async () => {
    const created = await h.req('PUT', `${LEASES}/kube-scheduler`, lease());
    expect(created.status).toBe(201);
    const unconditional = await h.req('PUT', `${LEASES}/kube-scheduler`, lease());
    expect(unconditional.status).toBe(422);
    expect(unconditional.body.details.causes[0].field).toBe('metadata.resourceVersion');
    const ok = await h.req('PUT', `${LEASES}/kube-scheduler`, lease(created.body.metadata.resourceVersion));
    expect(ok.status).toBe(200);
    const table = await h.req('GET', LEASES, undefined, { Accept: TABLE_ACCEPT });
    expect(table.body.rows[0].cells.slice(0, 2)).toEqual(['kube-scheduler', 'scheduler-1']);
  });
});
