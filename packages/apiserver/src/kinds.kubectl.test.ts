/**
 * The kinds of issue 4 with the real kubectl (on PATH) against an in-process apiserver: create
 * from manifests, `get` columns, `get all`, `api-resources`, `api-versions`, `explain`, and a
 * CustomResourceDefinition's lifecycle. Every kubectl call gets a fresh --cache-dir.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '@kemu/api';
import { startHarness, writeKubeconfig, type Harness } from './testing/harness.js';

const TESTDATA = fileURLToPath(new URL('./crd/testdata/', import.meta.url));

let h: Harness;
let dir: string;

function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const cacheDir = mkdtempSync(join(dir, 'cache-'));
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      ['--kubeconfig', join(dir, 'kubeconfig'), '--cache-dir', cacheDir, ...args],
      { timeout: 30_000, env: { ...process.env, HOME: dir } },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

async function ok(...args: string[]): Promise<string> {
  const r = await kubectl(...args);
  expect(r.stderr, `kubectl ${args.join(' ')}`).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

/** The rows of a printed table, split on runs of 3+ spaces (kubectl pads with at least 3). */
function rows(out: string): string[][] {
  return out
    .trimEnd()
    .split('\n')
    .map((l) => l.trim().split(/\s{3,}/));
}

function until<T>(fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  return pollUntil(fn, { timeoutMs: ms, intervalMs: 50 });
}

beforeAll(async () => {
  h = await startHarness();
  dir = mkdtempSync(join(tmpdir(), 'kemu-kinds-'));
  writeKubeconfig(join(dir, 'kubeconfig'), h.url);
});
afterAll(async () => {
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the kinds of issue 4 with kubectl', () => {
  it('creates every kind from one manifest', async () => {
    const out = await ok('create', '-f', join(TESTDATA, 'kinds.yaml'));
    expect(out.trim().split('\n')).toEqual([
      'configmap/app-config created',
      'secret/app-secret created',
      'serviceaccount/robot created',
      'statefulset.apps/web created',
      'daemonset.apps/agent created',
      'controllerrevision.apps/web-7d4b9c created',
      'job.batch/pi created',
      'cronjob.batch/hello created',
      'horizontalpodautoscaler.autoscaling/web created',
      'poddisruptionbudget.policy/web created',
      'ingressclass.networking.k8s.io/nginx created',
      'ingress.networking.k8s.io/web created',
      'persistentvolume/pv1 created',
      'persistentvolumeclaim/data created',
      'storageclass.storage.k8s.io/fast created',
      'resourcequota/compute created',
      'limitrange/defaults created',
      'priorityclass.scheduling.k8s.io/high created',
    ]);
  });
});

describe('printing with kubectl', () => {
  it("prints every kind with kubectl's columns", async () => {
    expect(rows(await ok('get', 'configmaps', 'app-config'))).toEqual([
      ['NAME', 'DATA', 'AGE'],
      ['app-config', '2', expect.any(String)],
    ]);
    expect(rows(await ok('get', 'secret', 'app-secret'))).toEqual([
      ['NAME', 'TYPE', 'DATA', 'AGE'],
      ['app-secret', 'Opaque', '1', expect.any(String)],
    ]);
    expect(rows(await ok('get', 'sa', 'robot'))).toEqual([
      ['NAME', 'SECRETS', 'AGE'],
      ['robot', '0', expect.any(String)],
    ]);
    expect(rows(await ok('get', 'sts', '-o', 'wide'))).toEqual([
      ['NAME', 'READY', 'AGE', 'CONTAINERS', 'IMAGES'],
      ['web', '0/2', expect.any(String), 'nginx', 'nginx:1.25'],
    ]);
    expect(rows(await ok('get', 'ds'))).toEqual([
      ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
      ['agent', '0', '0', '0', '0', '0', 'kubernetes.io/os=linux', expect.any(String)],
    ]);
    expect(rows(await ok('get', 'controllerrevisions'))).toEqual([
      ['NAME', 'CONTROLLER', 'REVISION', 'AGE'],
      ['web-7d4b9c', '<none>', '1', expect.any(String)],
    ]);
    expect(rows(await ok('get', 'jobs'))).toEqual([
      ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
      ['pi', 'Running', '0/1', expect.stringMatching(/s$/)],
    ]);
    expect(rows(await ok('get', 'cj'))).toEqual([
      ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
      ['hello', '*/5 * * * *', '<none>', 'False', '0', '<none>', expect.any(String)],
    ]);
    expect(rows(await ok('get', 'hpa'))).toEqual([
      ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'],
      ['web', 'StatefulSet/web', 'cpu: <unknown>/60%', '1', '5', '0', expect.any(String)],
    ]);
    expect(rows(await ok('get', 'pdb'))).toEqual([
      ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE'],
      ['web', '1', 'N/A', '0', expect.any(String)],
    ]);
    expect(rows(await ok('get', 'ingressclass'))).toEqual([
      ['NAME', 'CONTROLLER', 'PARAMETERS', 'AGE'],
      ['nginx', 'k8s.io/ingress-nginx', '<none>', expect.any(String)],
    ]);
    expect(rows(await ok('get', 'ing'))).toEqual([
      ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'],
      ['web', 'nginx', 'web.example.com', '80', expect.any(String)],
    ]);
    expect(rows(await ok('get', 'pv'))).toEqual([
      ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE'],
      ['pv1', '5Gi', 'RWO', 'Retain', 'Pending', 'manual', '<unset>', expect.any(String)],
    ]);
    expect(rows(await ok('get', 'pvc'))).toEqual([
      ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE'],
      ['data', 'Pending', 'manual', '<unset>', expect.any(String)],
    ]);
    expect(rows(await ok('get', 'sc'))).toEqual([
      ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE'],
      ['fast (default)', 'kemu.io/hostpath', 'Delete', 'Immediate', 'false', expect.any(String)],
    ]);
    expect(rows(await ok('get', 'quota'))).toEqual([
      ['NAME', 'AGE', 'REQUEST', 'LIMIT'],
      ['compute', expect.any(String), 'pods: 0/0, requests.cpu: 0/0', 'limits.memory: 0/0'],
    ]);
    expect(rows(await ok('get', 'limits'))).toEqual([
      ['NAME', 'CREATED AT'],
      ['defaults', expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)],
    ]);
    expect(rows(await ok('get', 'pc', 'high'))).toEqual([
      ['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY'],
      ['high', '1000000', 'false', expect.any(String), 'PreemptLowerPriority'],
    ]);
  });

  it('lists statefulsets, daemonsets, jobs, cronjobs and hpa in get all', async () => {
    const out = await ok('get', 'all');
    for (const name of [
      'statefulset.apps/web',
      'daemonset.apps/agent',
      'job.batch/pi',
      'cronjob.batch/hello',
      'horizontalpodautoscaler.autoscaling/web',
    ]) {
      expect(out).toContain(name);
    }
  });

  it('serves the HPA as autoscaling/v1 too, converted from the stored v2 object', async () => {
    const v1 = JSON.parse(await ok('get', 'horizontalpodautoscalers.v1.autoscaling', 'web', '-o', 'json'));
    expect(v1.apiVersion).toBe('autoscaling/v1');
    expect(v1.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web' },
      minReplicas: 1,
      maxReplicas: 5,
      targetCPUUtilizationPercentage: 60,
    });
  });

  it('defaults new kinds like Kubernetes 1.32', async () => {
    const job = JSON.parse(await ok('get', 'job', 'pi', '-o', 'json'));
    const uid = job.metadata.uid;
    expect(job.spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 4,
      completionMode: 'NonIndexed',
      suspend: false,
      manualSelector: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
    });
    expect(job.spec.template.metadata.labels).toEqual({
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': uid,
      'job-name': 'pi',
    });
    expect(job.metadata.labels).toEqual(job.spec.template.metadata.labels);
    const sts = JSON.parse(await ok('get', 'sts', 'web', '-o', 'json'));
    expect(sts.spec).toMatchObject({
      podManagementPolicy: 'OrderedReady',
      revisionHistoryLimit: 10,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(sts.spec.volumeClaimTemplates[0]).toMatchObject({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      spec: { volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    });
    const secret = JSON.parse(await ok('get', 'secret', 'app-secret', '-o', 'json'));
    expect(secret.data).toEqual({ password: Buffer.from('s3cr3t').toString('base64') });
    expect(secret.stringData).toBeUndefined();
  });
});

describe('discovery and explain with kubectl', () => {
  it('lists the kinds in api-resources as a real cluster does', async () => {
    const table = rows(await ok('api-resources'));
    const byName = new Map(table.slice(1).map((r) => [`${r[0]} ${r.at(-3)}`, r]));
    const expectRow = (name: string, apiVersion: string, row: string[]) =>
      expect(byName.get(`${name} ${apiVersion}`), `${name} ${apiVersion}`).toEqual(row);
    expectRow('statefulsets', 'apps/v1', ['statefulsets', 'sts', 'apps/v1', 'true', 'StatefulSet']);
    expectRow('daemonsets', 'apps/v1', ['daemonsets', 'ds', 'apps/v1', 'true', 'DaemonSet']);
    expectRow('controllerrevisions', 'apps/v1', ['controllerrevisions', 'apps/v1', 'true', 'ControllerRevision']);
    expectRow('jobs', 'batch/v1', ['jobs', 'batch/v1', 'true', 'Job']);
    expectRow('cronjobs', 'batch/v1', ['cronjobs', 'cj', 'batch/v1', 'true', 'CronJob']);
    expectRow('horizontalpodautoscalers', 'autoscaling/v2', [
      'horizontalpodautoscalers',
      'hpa',
      'autoscaling/v2',
      'true',
      'HorizontalPodAutoscaler',
    ]);
    expectRow('poddisruptionbudgets', 'policy/v1', ['poddisruptionbudgets', 'pdb', 'policy/v1', 'true', 'PodDisruptionBudget']);
    expectRow('ingresses', 'networking.k8s.io/v1', ['ingresses', 'ing', 'networking.k8s.io/v1', 'true', 'Ingress']);
    expectRow('ingressclasses', 'networking.k8s.io/v1', ['ingressclasses', 'networking.k8s.io/v1', 'false', 'IngressClass']);
    expectRow('persistentvolumes', 'v1', ['persistentvolumes', 'pv', 'v1', 'false', 'PersistentVolume']);
    expectRow('persistentvolumeclaims', 'v1', ['persistentvolumeclaims', 'pvc', 'v1', 'true', 'PersistentVolumeClaim']);
    expectRow('storageclasses', 'storage.k8s.io/v1', ['storageclasses', 'sc', 'storage.k8s.io/v1', 'false', 'StorageClass']);
    expectRow('resourcequotas', 'v1', ['resourcequotas', 'quota', 'v1', 'true', 'ResourceQuota']);
    expectRow('limitranges', 'v1', ['limitranges', 'limits', 'v1', 'true', 'LimitRange']);
    expectRow('priorityclasses', 'scheduling.k8s.io/v1', ['priorityclasses', 'pc', 'scheduling.k8s.io/v1', 'false', 'PriorityClass']);
    expectRow('events', 'events.k8s.io/v1', ['events', 'ev', 'events.k8s.io/v1', 'true', 'Event']);
    expectRow('customresourcedefinitions', 'apiextensions.k8s.io/v1', [
      'customresourcedefinitions',
      'crd,crds',
      'apiextensions.k8s.io/v1',
      'false',
      'CustomResourceDefinition',
    ]);
    expectRow('nodes', 'metrics.k8s.io/v1beta1', ['nodes', 'metrics.k8s.io/v1beta1', 'false', 'NodeMetrics']);
    expectRow('pods', 'metrics.k8s.io/v1beta1', ['pods', 'metrics.k8s.io/v1beta1', 'true', 'PodMetrics']);
  });

  it('lists every group version in api-versions', async () => {
    const versions = (await ok('api-versions')).trim().split('\n');
    expect(versions).toEqual(
      expect.arrayContaining([
        'v1',
        'apps/v1',
        'autoscaling/v1',
        'autoscaling/v2',
        'batch/v1',
        'policy/v1',
        'networking.k8s.io/v1',
        'storage.k8s.io/v1',
        'scheduling.k8s.io/v1',
        'events.k8s.io/v1',
        'apiextensions.k8s.io/v1',
        'metrics.k8s.io/v1beta1',
      ]),
    );
  });

  it('explains pods.spec.containers, deployment strategies and new kinds from the generated OpenAPI', async () => {
    const containers = await ok('explain', 'pods.spec.containers');
    expect(containers).toContain('KIND:       Pod');
    expect(containers).toContain('FIELD: containers <[]Container>');
    expect(containers).toMatch(/image\s+<string>/);
    const strategy = await ok('explain', 'deployment.spec.strategy');
    expect(strategy).toContain('rollingUpdate');
    const cron = await ok('explain', 'cronjob.spec');
    expect(cron).toContain('GROUP:      batch');
    expect(cron).toMatch(/schedule\s+<string> -required-/);
    const recursive = await ok('explain', 'statefulset.spec', '--recursive');
    expect(recursive).toContain('volumeClaimTemplates');
    expect(recursive).toContain('partition');
  });
});

describe('a CustomResourceDefinition with kubectl', () => {
  it('serves, validates, prints and removes custom resources', async () => {
    expect(await ok('create', '-f', join(TESTDATA, 'crd.yaml'))).toContain(
      'customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created',
    );
    expect(await ok('wait', '--for=condition=Established', 'crd/crontabs.stable.example.com', '--timeout=10s')).toContain('condition met');
    expect(rows(await ok('get', 'crd'))).toEqual([
      ['NAME', 'CREATED AT'],
      ['crontabs.stable.example.com', expect.stringMatching(/Z$/)],
    ]);

    expect(await ok('create', '-f', join(TESTDATA, 'crontab.yaml'))).toContain('crontab.stable.example.com/my-new-cron-object created');
    expect(rows(await ok('get', 'ct'))).toEqual([
      ['NAME', 'SPEC', 'REPLICAS', 'AGE'],
      ['my-new-cron-object', '* * * * */5', '1', expect.any(String)],
    ]);
    const explained = await ok('explain', 'crontab.spec');
    expect(explained).toContain('GROUP:      stable.example.com');
    expect(explained).toMatch(/replicas\s+<integer>/);
    const obj = JSON.parse(await ok('get', 'crontab', 'my-new-cron-object', '-o', 'json'));
    expect(obj).toMatchObject({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { generation: 1 }, spec: { replicas: 1 } });

    // Schema validation: a type error and a bound are 422s; unknown fields fail strict validation.
    writeFileSync(
      join(dir, 'bad.yaml'),
      'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata: {name: bad}\nspec: {cronSpec: "* * * * *", replicas: 50}\n',
    );
    const bad = await kubectl('create', '-f', join(dir, 'bad.yaml'));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('spec.replicas: Invalid value: 50: spec.replicas in body should be less than or equal to 10');
    writeFileSync(
      join(dir, 'unknown.yaml'),
      'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata: {name: unknown}\nspec: {cronSpec: "* * * * *", colour: red}\n',
    );
    const unknown = await kubectl('create', '-f', join(dir, 'unknown.yaml'));
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('unknown field "spec.colour"');

    // The status subresource: main-resource writes leave status alone.
    await ok('patch', 'crontab', 'my-new-cron-object', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Active"}}');
    await ok('patch', 'crontab', 'my-new-cron-object', '--type=merge', '-p', '{"spec":{"replicas":3},"status":{"phase":"Ignored"}}');
    const patched = JSON.parse(await ok('get', 'crontab', 'my-new-cron-object', '-o', 'json'));
    expect(patched).toMatchObject({ metadata: { generation: 2 }, spec: { replicas: 3 }, status: { phase: 'Active' } });

    expect(await ok('delete', 'crd', 'crontabs.stable.example.com')).toContain('deleted');
    await until(async () => ((await kubectl('get', 'crd')).stdout.includes('crontabs') ? undefined : true));
    const after = await kubectl('get', 'crontabs');
    expect(after.code).not.toBe(0);
    expect(after.stderr).toContain('the server doesn\'t have a resource type "crontabs"');
    expect((await h.store.list('/registry/stable.example.com/crontabs/')).items).toEqual([]);
  });
});

describe('PodTemplate, a kind added by one descriptor file', () => {
  it('creates, gets and lists podtemplates with kubectl', async () => {
    const manifest = join(dir, 'podtemplate.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'PodTemplate',
        metadata: { name: 'base', namespace: 'default' },
        template: { metadata: { labels: { app: 'base' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } },
      }),
    );
    expect((await ok('create', '-f', manifest)).trim()).toBe('podtemplate/base created');
    expect(rows(await ok('get', 'podtemplates'))).toEqual([
      ['NAME', 'CONTAINERS', 'IMAGES', 'POD LABELS'],
      ['base', 'app', 'nginx:1.25', 'app=base'],
    ]);
    const got = JSON.parse(await ok('get', 'podtemplate', 'base', '-o', 'json'));
    expect(got.template.spec.containers[0]).toMatchObject({ name: 'app', imagePullPolicy: 'IfNotPresent' });
    const table = rows(await ok('api-resources', '--api-group='));
    expect(table.find((r) => r[0] === 'podtemplates')).toEqual(['podtemplates', 'v1', 'true', 'PodTemplate']);
  });
});
