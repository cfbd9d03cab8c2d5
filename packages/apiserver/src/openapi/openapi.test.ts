import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCES } from '@kemu/api';
import { AGGREGATED_CONTENT_TYPE, aggregatedDiscovery, VERSION_INFO } from '../discovery.js';
import { STATIC_OPENAPI_SOURCE, openapiV3Document as doc, openapiV3Hash as hash, openapiV3Index as index } from './index.js';

const openapiV3Index = () => index(STATIC_OPENAPI_SOURCE);
const openapiV3Document = (p: string) => doc(STATIC_OPENAPI_SOURCE, p);
const openapiV3Hash = (p: string) => hash(STATIC_OPENAPI_SOURCE, p);

type Doc = { paths: Record<string, any>; components: { schemas: Record<string, any> } };

describe('OpenAPI v3 documents', () => {
  it('lists every group-version of the registry in the index, with the document hash', () => {
    const index = openapiV3Index() as { paths: Record<string, { serverRelativeURL: string }> };
    expect(Object.keys(index.paths).sort()).toEqual([
      'api/v1',
      'apis/apiextensions.k8s.io/v1',
      'apis/apps/v1',
      'apis/autoscaling/v1',
      'apis/autoscaling/v2',
      'apis/batch/v1',
      'apis/coordination.k8s.io/v1',
      'apis/discovery.k8s.io/v1',
      'apis/events.k8s.io/v1',
      'apis/networking.k8s.io/v1',
      'apis/policy/v1',
      'apis/scheduling.k8s.io/v1',
      'apis/storage.k8s.io/v1',
    ]);
    expect(index.paths['apis/apps/v1'].serverRelativeURL).toBe(`/openapi/v3/apis/apps/v1?hash=${openapiV3Hash('apis/apps/v1')}`);
    expect(openapiV3Hash('apis/apps/v1')).toMatch(/^[0-9A-F]{128}$/);
    expect(openapiV3Document('apis/nope/v1')).toBeUndefined();
  });

  it('publishes, per resource, a patch operation kubectl accepts for server-side field validation', () => {
    for (const r of RESOURCES.filter((x) => x.verbs.includes('patch') && x.group !== 'metrics.k8s.io')) {
      const gv = r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
      const doc = openapiV3Document(gv) as Doc;
      const path = `/${gv}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}/{name}`;
      const patch = doc.paths[path]?.patch;
      expect(patch, path).toBeDefined();
      expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: r.group, version: r.version, kind: r.kind });
      expect(patch.parameters.map((p: any) => p.name)).toEqual(
        expect.arrayContaining(['fieldValidation', 'dryRun', 'fieldManager', 'force']),
      );
      expect(Object.keys(patch.requestBody.content)).not.toContain('application/strategic-merge-patch+json');
    }
  });

  it('names component schemas like Kubernetes, with descriptions and group-version-kinds', () => {
    const apps = openapiV3Document('apis/apps/v1') as Doc;
    const d = apps.components.schemas['io.k8s.api.apps.v1.Deployment'];
    expect(d['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
    expect(d.description).toBeTruthy();
    expect(d.properties.spec.allOf).toEqual([{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }]);
    const spec = apps.components.schemas['io.k8s.api.apps.v1.DeploymentSpec'];
    expect(spec.properties.replicas).toMatchObject({ type: 'integer', format: 'int32' });
    expect(apps.components.schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({
      type: 'string',
      format: 'int-or-string',
    });
    // Every $ref resolves inside the document.
    const refs = JSON.stringify(apps).match(/#\/components\/schemas\/[\w.]+/g) ?? [];
    for (const ref of new Set(refs)) expect(apps.components.schemas[ref.slice('#/components/schemas/'.length)], ref).toBeDefined();
    const core = openapiV3Document('api/v1') as Doc;
    expect(core.components.schemas['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind']).toEqual([
      { group: '', version: 'v1', kind: 'Pod' },
    ]);
    expect(core.components.schemas['io.k8s.api.core.v1.PodList'].properties.items.items).toEqual({
      $ref: '#/components/schemas/io.k8s.api.core.v1.Pod',
    });
  });
});

// ---- with the real kubectl ------------------------------------------------------------------

// The real kubectl on PATH is part of the test environment (README); a missing one fails here.
const KUBECTL = 'kubectl';

interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType?: string;
  body: string;
}

describe('kubectl against these documents', () => {
  let server: http.Server;
  let dir: string;
  const recorded: Recorded[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url!, 'http://localhost');
        const send = (code: number, body: unknown, type = 'application/json') => {
          res.writeHead(code, { 'Content-Type': type });
          res.end(JSON.stringify(body));
        };
        if (url.pathname === '/version') return send(200, VERSION_INFO);
        if (url.pathname === '/api' || url.pathname === '/apis')
          return send(200, aggregatedDiscovery(RESOURCES, url.pathname.slice(1) as 'api' | 'apis', 'v2'), AGGREGATED_CONTENT_TYPE('v2'));
        if (url.pathname === '/openapi/v3') return send(200, openapiV3Index());
        if (url.pathname.startsWith('/openapi/v3/')) {
          const doc = openapiV3Document(url.pathname.slice('/openapi/v3/'.length));
          return doc ? send(200, doc) : send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
        }
        const body = Buffer.concat(chunks).toString('utf8');
        if (req.method === 'POST' || req.method === 'PATCH') {
          recorded.push({
            method: req.method,
            path: url.pathname,
            query: url.searchParams,
            contentType: req.headers['content-type'],
            body,
          });
          const obj = JSON.parse(body);
          obj.metadata = { ...obj.metadata, uid: 'u-1', resourceVersion: '1', creationTimestamp: '2024-01-01T00:00:00Z' };
          return send(req.method === 'POST' ? 201 : 200, obj);
        }
        send(404, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          reason: 'NotFound',
          code: 404,
          message: 'not found',
          details: { name: url.pathname.split('/').pop(), group: 'apps', kind: 'deployments' },
        });
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    dir = mkdtempSync(join(tmpdir(), 'kemu-openapi-'));
    writeFileSync(
      join(dir, 'config'),
      `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}"}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: c, context: {cluster: c, user: u, namespace: default}}]\ncurrent-context: c\n`,
    );
    writeFileSync(
      join(dir, 'deploy.yaml'),
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: nginx',
        'spec:',
        '  replicas: 2',
        '  selector:',
        '    matchLabels: {app: nginx}',
        '  template:',
        '    metadata:',
        '      labels: {app: nginx}',
        '    spec:',
        '      containers:',
        '      - name: nginx',
        '        image: nginx:1.14.2',
        '        ports:',
        '        - containerPort: 80',
        '',
      ].join('\n'),
    );
  });

  afterAll(() => {
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function kubectl(...args: string[]): Promise<string> {
    const { stdout } = await promisify(execFile)(
      KUBECTL,
      [...args, `--kubeconfig=${join(dir, 'config')}`, `--cache-dir=${join(dir, 'cache')}`],
      { timeout: 20_000 },
    );
    return stdout;
  }

  it('create -f validates on the server with fieldValidation=Strict', async () => {
    recorded.length = 0;
    expect(await kubectl('create', '-f', join(dir, 'deploy.yaml'))).toContain('deployment.apps/nginx created');
    expect(recorded).toHaveLength(1);
    expect(recorded[0].path).toBe('/apis/apps/v1/namespaces/default/deployments');
    expect(recorded[0].query.get('fieldValidation')).toBe('Strict');
    expect(JSON.parse(recorded[0].body).spec.replicas).toBe(2);
  });

  it('apply -f creates with the last-applied annotation', async () => {
    recorded.length = 0;
    expect(await kubectl('apply', '-f', join(dir, 'deploy.yaml'))).toContain('deployment.apps/nginx created');
    expect(recorded[0].query.get('fieldManager')).toBe('kubectl-client-side-apply');
    expect(JSON.parse(recorded[0].body).metadata.annotations).toHaveProperty(['kubectl.kubernetes.io/last-applied-configuration']);
  });

  it('apply --server-side sends an apply patch', async () => {
    recorded.length = 0;
    expect(await kubectl('apply', '--server-side', '-f', join(dir, 'deploy.yaml'))).toContain('serverside-applied');
    expect(recorded[0]).toMatchObject({
      method: 'PATCH',
      contentType: 'application/apply-patch+yaml',
      path: '/apis/apps/v1/namespaces/default/deployments/nginx',
    });
    expect(recorded[0].query.get('fieldManager')).toBe('kubectl');
  });

  it('explain reads the descriptions', async () => {
    const out = await kubectl('explain', 'deployments.spec.strategy');
    expect(out).toContain('KIND:       Deployment');
    expect(out).toContain('The replacement strategy.');
    expect(out).toContain('rollingUpdate');
    const pods = await kubectl('explain', 'pods.spec.containers.imagePullPolicy');
    expect(pods).toContain('Always, Never or IfNotPresent');
  });
});
