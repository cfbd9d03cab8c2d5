/**
 * A second real client: the official JavaScript client (@kubernetes/client-node) drives an
 * in-process apiserver over HTTPS with a bearer token (certificates from the CLI's PKI): list,
 * create, get, merge and strategic patches, watch, delete — and is refused without the token.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pkiFiles, writeClusterPki } from '@kemu/cli';
import { readTokenFile, TokenAuthenticator } from '../../packages/apiserver/src/auth/index.js';
import { startHarness, type Harness } from '../../packages/apiserver/src/testing/harness.js';

describe('@kubernetes/client-node against kemu', () => {
  let h: Harness;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;
  let apps: k8s.AppsV1Api;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kemu-client-node-'));
    await writeClusterPki(dir, { nodes: 1, server: 'https://127.0.0.1:0' });
    h = await startHarness({
      tls: { cert: readFileSync(pkiFiles.apiserverCert(dir)), key: readFileSync(pkiFiles.apiserverKey(dir)) },
      authenticator: new TokenAuthenticator(readTokenFile(pkiFiles.tokens(dir))),
    });
    const admin = readFileSync(pkiFiles.kubeconfig(dir, 'admin'), 'utf8').replace('https://127.0.0.1:0', h.url);
    kc = new k8s.KubeConfig();
    kc.loadFromString(admin);
    core = kc.makeApiClient(k8s.CoreV1Api);
    apps = kc.makeApiClient(k8s.AppsV1Api);
    expect(h.url).toMatch(/^https:/);
  });
  afterAll(() => h?.close());

  it('lists namespaces and the kubernetes service', async () => {
    const ns = await core.listNamespace();
    expect(ns.items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(['default', 'kube-system']));
    const svc = await core.readNamespacedService({ name: 'kubernetes', namespace: 'default' });
    expect(svc.spec?.ports?.[0].port).toBe(443);
  });

  it('creates, patches (merge and strategic) and deletes, with a watch seeing every change', async () => {
    const events: string[] = [];
    const watch = new k8s.Watch(kc);
    let done!: () => void;
    const closed = new Promise<void>((r) => {
      done = r;
    });
    const req = await watch.watch(
      '/api/v1/namespaces/default/configmaps',
      { fieldSelector: 'metadata.name=cn' },
      (type, obj: k8s.V1ConfigMap) => {
        events.push(`${type} ${JSON.stringify(obj.data ?? {})}`);
      },
      () => done(),
    );

    const created = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'cn', labels: { app: 'cn' } }, data: { a: '1' } },
    });
    expect(created.metadata?.uid).toBeTruthy();
    const merged = await core.patchNamespacedConfigMap(
      { name: 'cn', namespace: 'default', body: { data: { b: '2' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(merged.data).toEqual({ a: '1', b: '2' });
    const listed = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'app=cn' });
    expect(listed.items).toHaveLength(1);
    await core.deleteNamespacedConfigMap({ name: 'cn', namespace: 'default' });
    await expect(core.readNamespacedConfigMap({ name: 'cn', namespace: 'default' })).rejects.toMatchObject({ code: 404 });

    await new Promise<void>((resolve, reject) => {
      const t0 = Date.now();
      const tick = () =>
        events.length >= 3 ? resolve() : Date.now() - t0 > 5000 ? reject(new Error(`events: ${events.join(' | ')}`)) : setTimeout(tick, 20);
      tick();
    });
    expect(events).toEqual(['ADDED {"a":"1"}', 'MODIFIED {"a":"1","b":"2"}', 'DELETED {"a":"1","b":"2"}']);
    req.abort();
    await closed;
  });

  it('creates a deployment and scales it with a strategic merge patch', async () => {
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
        },
      },
    });
    const patched = await apps.patchNamespacedDeployment(
      { name: 'web', namespace: 'default', body: { spec: { replicas: 3 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    );
    expect(patched.spec?.replicas).toBe(3);
    expect(patched.spec?.strategy?.type).toBe('RollingUpdate');
    await apps.deleteNamespacedDeployment({ name: 'web', namespace: 'default' });
  });

  it('is refused (401) without the token', async () => {
    const anon = new k8s.KubeConfig();
    anon.loadFromString(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'c',
        clusters: [{ name: 'c', cluster: { server: h.url, 'certificate-authority-data': kc.getCurrentCluster()!.caData } }],
        users: [{ name: 'u', user: {} }],
        contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
      }),
    );
    await expect(anon.makeApiClient(k8s.CoreV1Api).listNamespace()).rejects.toMatchObject({ code: 401 });
  });
});
