/**
 * kubectl conformance: a live 2-node cluster (`kemu up`, TLS and tokens by default) driven by
 * the real kubectl on PATH, one case per command of issue 4 — each checks the command's output
 * and its effect on the cluster. The suite prints its own closing line `N passed, M failed`.
 * The list of cases is mirrored in the README ("What kubectl commands work").
 *
 * Run under the e2e lock: `flock /tmp/kemu-e2e.lock npx vitest run test/conformance/kubectl.test.ts`.
 */
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { freePort } from '../support/redis-server.js';
import { Cluster, freshDir, httpGet, run, waitFor, type Run } from '../e2e/harness.js';

const V1 = 'gcr.io/google-samples/kubernetes-bootcamp:v1';
const V2 = 'jocatalin/kubernetes-bootcamp:v2';
const NODES = ['node-1', 'node-2'];

const cluster = new Cluster();
const dir = freshDir('kemu-conformance-');
let upError: Error | undefined;
let passed = 0;
let failed = 0;

/** A case: one `it` whose outcome also counts towards the suite's own closing line. */
function kcase(name: string, fn: () => Promise<void>, timeoutMs = 60_000): void {
  it(
    name,
    async () => {
      try {
        if (upError) throw new Error(`the cluster did not start: ${upError.message}`);
        await fn();
        passed++;
      } catch (err) {
        failed++;
        throw err;
      }
    },
    timeoutMs,
  );
}

const k = (...args: string[]) => cluster.k(...args);
/** kubectl that must fail; returns its stderr + stdout. */
async function kfail(...args: string[]): Promise<string> {
  const r = await cluster.kubectl(...args);
  if (r.code === 0) throw new Error(`kubectl ${args.join(' ')} succeeded but should have failed:\n${r.stdout}`);
  return r.stderr + r.stdout;
}
/** kubectl with a manifest on stdin. */
function kin(input: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn('kubectl', ['--kubeconfig', cluster.kubeconfig, '--cache-dir', cluster.cacheDir, ...args], { env: process.env });
    let stdout = '',
      stderr = '';
    p.stdout.on('data', (d) => {
      stdout += d;
    });
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr, took: 0 }));
    p.stdin.end(input);
  });
}
const json = <T = any>(...args: string[]) => cluster.json<T>(...args);
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const until = <T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 45_000) =>
  waitFor(fn, { timeoutMs, intervalMs: 300, what });

async function readyPods(selector: string, n: number): Promise<any[]> {
  return until(`${n} ready pods for ${selector}`, async () => {
    const l = await json('get', 'pods', '-l', selector);
    const live = l.items.filter((p: any) => !p.metadata.deletionTimestamp);
    return live.length === n &&
      live.every((p: any) => p.status.phase === 'Running' && (p.status.containerStatuses ?? []).every((c: any) => c.ready))
      ? live
      : undefined;
  });
}

async function gone(...args: string[]): Promise<void> {
  await until(`${args.join(' ')} to be gone`, async () => (await cluster.kubectl('get', ...args)).code !== 0);
}

/**
 * Runs `deleteOwner` while watching the one ReplicaSet selected by `selector`: the first event
 * that shows it terminating, the pods of the selector listed as soon as its DELETED event
 * arrives, and the output of the delete.
 */
async function ownerDeletion(
  selector: string,
  deleteOwner: () => Promise<string>,
): Promise<{ marked?: any; podsWhenDeleted: string[]; deleteOutput: string }> {
  const list = await json('get', 'rs', '-l', selector);
  expect(list.items).toHaveLength(1);
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(cluster.kubeconfig);
  let marked: any;
  let onDeleted!: () => void;
  let onError!: (err: unknown) => void;
  const deleted = new Promise<void>((resolve, reject) => {
    onDeleted = resolve;
    onError = reject;
  });
  const watch = await new k8s.Watch(kc).watch(
    '/apis/apps/v1/namespaces/default/replicasets',
    { labelSelector: selector, resourceVersion: list.metadata.resourceVersion },
    (type, obj) => {
      if (type === 'MODIFIED' && obj.metadata.deletionTimestamp && !marked) marked = obj;
      if (type === 'DELETED') onDeleted();
    },
    (err) => {
      if (err) onError(err);
    },
  );
  try {
    const deleteOutput = await deleteOwner();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      deleted,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no DELETED event for the owner')), 60_000);
      }),
    ]).finally(() => clearTimeout(timer));
    const podsWhenDeleted = (await json('get', 'pods', '-l', selector)).items.map((p: any) => p.metadata.name);
    return { marked, podsWhenDeleted, deleteOutput };
  } finally {
    watch.abort();
  }
}

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

beforeAll(async () => {
  // Node IPs are fixed: wait for another suite's cluster to release them.
  await waitFor(async () => (await Promise.all(['127.10.0.1', '127.10.0.2'].map((h) => portFree(h, 10250)))).every(Boolean), {
    timeoutMs: 600_000,
    intervalMs: 1000,
    what: 'the node addresses to be free',
  });
  const port = await freePort();
  const r = await cluster.kemu(['up', '--nodes', '2', '--storage', 'redis', '--detach', '--port', String(port)], 150_000);
  if (r.code !== 0) {
    upError = new Error(`kemu up exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    console.error(upError.message + '\n' + cluster.logTails(25));
  }
}, 900_000);

afterAll(async () => {
  await cluster.kemu(['down', '--purge'], 60_000);
  rmSync(cluster.cacheDir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`\nkubectl conformance (${passed + failed} cases):\n${passed} passed, ${failed} failed\n`);
}, 90_000);

describe('TLS and authentication', () => {
  kcase('kemu up writes a kubeconfig with the cluster CA and an admin bearer token; the API is https', async () => {
    const cfg = parse(readFileSync(cluster.kubeconfig, 'utf8'));
    expect(cfg.clusters[0].cluster.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(cfg.clusters[0].cluster['certificate-authority-data']).toBeTruthy();
    expect(cfg.users[0].user.token).toMatch(/^[\w-]{20,}$/);
    expect(await k('cluster-info')).toMatch(/Kubernetes control plane is running at https:\/\/127\.0\.0\.1/);
  });

  kcase('a wrong token gets 401 (kubectl: You must be logged in to the server)', async () => {
    const out = await kfail('--token', 'not-a-token', 'get', 'pods');
    expect(out).toMatch(/You must be logged in to the server \(Unauthorized\)|Unauthorized/);
  });

  kcase('every component runs with its own identity and the CA (flags --kubeconfig / --token-auth-file)', async () => {
    const state = JSON.parse(readFileSync(join(cluster.home, 'state.json'), 'utf8'));
    const byName = (n: string) => state.components.find((c: any) => c.name === n);
    expect(byName('apiserver').args).toEqual(expect.arrayContaining(['--tls-cert-file', '--tls-private-key-file', '--token-auth-file']));
    const tokens = readFileSync(join(cluster.home, 'pki', 'tokens.csv'), 'utf8');
    for (const user of [
      'system:kube-scheduler',
      'system:kube-controller-manager',
      'system:kube-proxy',
      'system:node:node-1',
      'system:node:node-2',
    ]) {
      expect(tokens).toContain(`,${user},`);
    }
    expect(byName('kubelet-1').args.join(' ')).toMatch(/--kubeconfig \S+node-1\.kubeconfig/);
  });
});

describe('reading', () => {
  kcase('kubectl version', async () => {
    const v = await k('version');
    expect(v).toMatch(/Client Version: v1\.32/);
    expect(v).toMatch(/Server Version: v1\.32/);
  });

  kcase('kubectl api-resources', async () => {
    const out = await k('api-resources');
    for (const re of [
      /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment/m,
      /^poddisruptionbudgets\s+pdb\s+policy\/v1\s+true/m,
      /^nodes\s+no\s+v1\s+false\s+Node/m,
    ])
      expect(out).toMatch(re);
  });

  kcase('kubectl api-versions', async () => {
    const out = await k('api-versions');
    for (const gv of ['v1', 'apps/v1', 'batch/v1', 'policy/v1', 'autoscaling/v2', 'metrics.k8s.io/v1beta1'])
      expect(out.split('\n')).toContain(gv);
  });

  kcase('kubectl get nodes -o wide', async () => {
    const out = await k('get', 'nodes', '-o', 'wide');
    expect(out).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP/);
    for (const [i, n] of NODES.entries()) expect(out).toMatch(new RegExp(`^${n}\\s+Ready\\s.*127\\.10\\.0\\.${i + 1}`, 'm'));
  });

  kcase('kubectl create deployment (protobuf body) and rollout status', async () => {
    expect(await k('create', 'deployment', 'web', `--image=${V1}`, '--replicas=2')).toContain('deployment.apps/web created');
    expect(await k('rollout', 'status', 'deployment/web', '--timeout=60s')).toContain('successfully rolled out');
    await readyPods('app=web', 2);
  });

  kcase('kubectl get pods -o wide|yaml|json|jsonpath|name|custom-columns', async () => {
    expect(await k('get', 'pods', '-o', 'wide')).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/);
    const y = parse(await k('get', 'pods', '-o', 'yaml'));
    expect(y.kind).toBe('List');
    expect(y.items.length).toBeGreaterThanOrEqual(2);
    const j = await json('get', 'pods', '-l', 'app=web');
    expect(j.items.every((p: any) => p.status.podIP?.startsWith('127.244.'))).toBe(true);
    expect((await k('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].status.phase}')).trim()).toBe('Running Running');
    expect((await k('get', 'deploy', '-o', 'name')).trim()).toBe('deployment.apps/web');
    expect(await k('get', 'pods', '-l', 'app=web', '-o', 'custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image')).toMatch(
      new RegExp(`^web-\\S+\\s+${V1.replace(/[.]/g, '\\.')}$`, 'm'),
    );
  });

  kcase('kubectl get -l, --field-selector, -A, --show-labels, -L, --sort-by', async () => {
    expect((await k('get', 'pods', '-l', 'app=web', '--no-headers')).trim().split('\n')).toHaveLength(2);
    // A pod no node can take stays Pending: each selector must leave out what it does not match.
    await k('run', 'unplaced', `--image=${V1}`, '--overrides={"spec":{"nodeSelector":{"kemu.test/nowhere":"true"}}}');
    try {
      const names = async (...sel: string[]) => (await json('get', 'pods', ...sel)).items.map((p: any) => p.metadata.name).sort();
      const web = await names('-l', 'app=web');
      const running = await names('--field-selector', 'status.phase=Running');
      expect(running).toEqual(expect.arrayContaining(web));
      expect(running).not.toContain('unplaced');
      const pending = await names('--field-selector', 'status.phase=Pending');
      expect(pending).toContain('unplaced');
      for (const w of web) expect(pending).not.toContain(w);
      expect(await names('--field-selector', `metadata.name=${web[0]}`)).toEqual([web[0]]);
      const notRunning = await names('--field-selector', 'status.phase!=Running');
      expect(notRunning).toContain('unplaced');
      for (const w of web) expect(notRunning).not.toContain(w);
      const onNode = (await json('get', 'pods', '-A', '--field-selector', 'spec.nodeName=node-1')).items;
      expect(onNode.map((p: any) => p.spec.nodeName)).toEqual(onNode.map(() => 'node-1'));
      expect(onNode.map((p: any) => p.metadata.name)).not.toContain('unplaced');
    } finally {
      await k('delete', 'pod', 'unplaced', '--wait=false');
    }
    expect(await k('get', 'pods', '-A')).toMatch(/^NAMESPACE\s+NAME/);
    expect(await k('get', 'deploy', '--show-labels')).toMatch(/app=web/);
    expect(await k('get', 'pods', '-L', 'app')).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+APP/);
    const sorted = (await k('get', 'pods', '--sort-by=.metadata.name', '--no-headers', '-o', 'custom-columns=N:.metadata.name'))
      .trim()
      .split('\n');
    expect(sorted).toEqual([...sorted].sort());
  });

  kcase('kubectl get all', async () => {
    const out = await k('get', 'all');
    for (const re of [/pod\/web-/, /service\/kubernetes/, /deployment\.apps\/web/, /replicaset\.apps\/web-/]) expect(out).toMatch(re);
  });

  kcase('kubectl get pods -w (Table watch events)', async () => {
    const p = spawn('kubectl', ['--kubeconfig', cluster.kubeconfig, '--cache-dir', cluster.cacheDir, 'get', 'pods', '-w']);
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    try {
      await until('the watch to list', async () => /web-/.test(out));
      await k('run', 'watched', `--image=${V1}`);
      await until('the watch to show the new pod', async () => /^watched\s/m.test(out));
    } finally {
      p.kill();
    }
    await k('delete', 'pod', 'watched', '--wait=false');
  });

  kcase('kubectl describe pod|deployment|service|node|namespace', async () => {
    const pod = (await json('get', 'pods', '-l', 'app=web')).items[0].metadata.name;
    const dp = await k('describe', 'pod', pod);
    expect(dp).toMatch(/Controlled By:\s+ReplicaSet\/web-/);
    expect(dp).toMatch(/Events:[\s\S]*Scheduled/);
    expect(await k('describe', 'deployment', 'web')).toMatch(/StrategyType:\s+RollingUpdate/);
    expect(await k('describe', 'node', 'node-1')).toMatch(/Allocatable:/);
    expect(await k('describe', 'namespace', 'default')).toMatch(/Status:\s+Active/);
    expect(await k('describe', 'service', 'kubernetes')).toMatch(/Endpoints:\s+127\.0\.0\.1:\d+/);
  });

  kcase('kubectl explain', async () => {
    expect(await k('explain', 'deployment.spec.replicas')).toMatch(/FIELD:\s+replicas/);
  });

  kcase('kubectl events and kubectl get events', async () => {
    expect(await k('events')).toMatch(/ScalingReplicaSet/);
    expect(await k('get', 'events', '--field-selector', 'involvedObject.kind=Deployment')).toMatch(/Scaled up replica set web-/);
    const kinds = async (...sel: string[]) =>
      [...new Set((await json('get', 'events', ...sel)).items.map((e: any) => e.involvedObject.kind))].sort();
    expect(await kinds()).toEqual(expect.arrayContaining(['Deployment', 'Pod']));
    expect(await kinds('--field-selector', 'involvedObject.kind=Deployment')).toEqual(['Deployment']);
  });

  kcase('kubectl top nodes and top pods (metrics.k8s.io)', async () => {
    const nodes = await until('node metrics', async () => {
      const r = await cluster.kubectl('top', 'nodes');
      return r.code === 0 && NODES.every((n) => r.stdout.includes(n)) ? r.stdout : undefined;
    });
    expect(nodes).toMatch(/^NAME\s+CPU\(cores\)\s+CPU%?\(?%?\)?\s+MEMORY\(bytes\)/);
    expect(nodes).toMatch(/^node-1\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%/m);
    const pods = await k('top', 'pods', '-l', 'app=web');
    expect(pods.trim().split('\n').slice(1)).toHaveLength(2);
    expect(pods).toMatch(/^web-\S+\s+\d+m\s+\d+Mi/m);
  });

  kcase('kubectl wait --for=condition, --for=jsonpath, --for=delete', async () => {
    expect(await k('wait', '--for=condition=Available', 'deployment/web', '--timeout=60s')).toContain('condition met');
    const pod = (await json('get', 'pods', '-l', 'app=web')).items[0].metadata.name;
    expect(await k('wait', '--for=jsonpath={.status.phase}=Running', `pod/${pod}`, '--timeout=60s')).toContain('condition met');
    await k('run', 'doomed', `--image=${V1}`);
    const waiting = cluster.kubectl('wait', '--for=delete', 'pod/doomed', '--timeout=60s');
    await k('delete', 'pod', 'doomed', '--wait=false');
    const r = await waiting;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('condition met');
  });
});

describe('kubectl create <kind> (protobuf bodies)', () => {
  const cases: [string, string[], string, string[]][] = [
    ['namespace', ['namespace', 'team-a'], 'namespace/team-a created', ['namespace', 'team-a']],
    ['configmap', ['configmap', 'cfg', '--from-literal=a=1'], 'configmap/cfg created', ['configmap', 'cfg']],
    ['secret generic', ['secret', 'generic', 'sec', '--from-literal=p=x'], 'secret/sec created', ['secret', 'sec']],
    [
      'secret docker-registry',
      ['secret', 'docker-registry', 'reg', '--docker-server=r.example.com', '--docker-username=u', '--docker-password=p'],
      'secret/reg created',
      ['secret', 'reg'],
    ],
    ['service clusterip', ['service', 'clusterip', 'cip', '--tcp=80:8080'], 'service/cip created', ['service', 'cip']],
    ['service nodeport', ['service', 'nodeport', 'np', '--tcp=80:8080'], 'service/np created', ['service', 'np']],
    ['service loadbalancer', ['service', 'loadbalancer', 'lb', '--tcp=80:8080'], 'service/lb created', ['service', 'lb']],
    ['service externalname', ['service', 'externalname', 'en', '--external-name=example.com'], 'service/en created', ['service', 'en']],
    ['job', ['job', 'once', `--image=${V1}`], 'job.batch/once created', ['job', 'once']],
    ['cronjob', ['cronjob', 'tick', `--image=${V1}`, '--schedule=*/5 * * * *'], 'cronjob.batch/tick created', ['cronjob', 'tick']],
    ['serviceaccount', ['serviceaccount', 'robot'], 'serviceaccount/robot created', ['serviceaccount', 'robot']],
    ['quota', ['quota', 'q', '--hard=pods=50,cpu=20'], 'resourcequota/q created', ['resourcequota', 'q']],
    [
      'priorityclass',
      ['priorityclass', 'high', '--value=1000', '--description=important'],
      'priorityclass.scheduling.k8s.io/high created',
      ['priorityclass', 'high'],
    ],
    [
      'poddisruptionbudget',
      ['poddisruptionbudget', 'web-pdb', '--selector=app=web', '--min-available=1'],
      'poddisruptionbudget.policy/web-pdb created',
      ['pdb', 'web-pdb'],
    ],
  ];
  for (const [what, args, says, get] of cases) {
    kcase(`kubectl create ${what}`, async () => {
      expect(await k('create', ...args)).toContain(says);
      await json('get', ...get);
    });
  }

  kcase('kubectl create secret tls', async () => {
    const pki = join(cluster.home, 'pki');
    expect(
      await k('create', 'secret', 'tls', 'tls1', `--cert=${join(pki, 'apiserver.crt')}`, `--key=${join(pki, 'apiserver.key')}`),
    ).toContain('secret/tls1 created');
    const s = await json('get', 'secret', 'tls1');
    expect(s.type).toBe('kubernetes.io/tls');
    expect(Buffer.from(s.data['tls.crt'], 'base64').toString()).toContain('BEGIN CERTIFICATE');
  });

  kcase('created objects are defaulted and allocated like kube-apiserver does', async () => {
    const np = await json('get', 'service', 'np');
    expect(np.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(np.spec.clusterIP).toMatch(/^127\.96\./);
    expect((await json('get', 'service', 'en')).spec.externalName).toBe('example.com');
    expect((await json('get', 'configmap', 'cfg')).data).toEqual({ a: '1' });
    expect((await json('get', 'priorityclass', 'high')).value).toBe(1000);
    expect((await json('get', 'resourcequota', 'q')).spec.hard).toEqual({ pods: '50', cpu: '20' });
    expect((await json('get', 'cronjob', 'tick')).spec.schedule).toBe('*/5 * * * *');
  });
});

describe('writing', () => {
  kcase('kubectl create -f, kubectl run, kubectl expose', async () => {
    const pod = file(
      'pod.yaml',
      `apiVersion: v1\nkind: Pod\nmetadata: { name: fromfile, labels: { app: fromfile } }\nspec:\n  containers:\n  - { name: app, image: ${V1} }\n`,
    );
    expect(await k('create', '-f', pod)).toContain('pod/fromfile created');
    expect(await k('run', 'runner', `--image=${V1}`, '--labels=app=runner', '--port=8080')).toContain('pod/runner created');
    expect(await k('expose', 'deployment', 'web', '--port=8080', '--name=web-svc')).toContain('service/web-svc exposed');
    const svc = await json('get', 'service', 'web-svc');
    expect(svc.spec.selector).toEqual({ app: 'web' });
    const ep = await until('endpoints of web-svc', async () => {
      const e = await json('get', 'endpoints', 'web-svc');
      return (e.subsets?.[0]?.addresses?.length ?? 0) === 2 ? e : undefined;
    });
    const answer = await httpGet(`http://${svc.spec.clusterIP}:8080/`);
    expect(answer.body).toContain('Hello Kubernetes bootcamp!');
    expect(ep.subsets[0].ports[0].port).toBe(8080);
  });

  kcase('kubectl apply (client-side three-way merge: $setElementOrder, removals, $retainKeys)', async () => {
    const manifest = (env: string, strategy: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: app, labels: { app: app } }
spec:
  replicas: 1
  strategy: ${strategy}
  selector: { matchLabels: { app: app } }
  template:
    metadata: { labels: { app: app } }
    spec:
      containers:
      - { name: c, image: ${V1}, env: [${env}] }
`;
    const f = file(
      'app.yaml',
      manifest('{ name: A, value: "1" }, { name: B, value: "2" }', '{ type: RollingUpdate, rollingUpdate: { maxSurge: 1 } }'),
    );
    expect(await k('apply', '-f', f)).toContain('deployment.apps/app created');
    file('app.yaml', manifest('{ name: C, value: "3" }, { name: A, value: "1" }', '{ type: Recreate }'));
    expect(await k('apply', '-f', f)).toContain('deployment.apps/app configured');
    const d = await json('get', 'deployment', 'app');
    expect(d.spec.template.spec.containers[0].env).toEqual([
      { name: 'C', value: '3' },
      { name: 'A', value: '1' },
    ]);
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
    expect(d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain('"Recreate"');
    expect(await k('apply', '-f', f)).toContain('deployment.apps/app unchanged');
  });

  kcase('kubectl diff (dryRun=All: exit 1 with the change, nothing persisted)', async () => {
    const f = join(dir, 'app.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('replicas: 1', 'replicas: 3'));
    const r = await cluster.kubectl('diff', '-f', f);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^-\s+replicas: 1$/m);
    expect(r.stdout).toMatch(/^\+\s+replicas: 3$/m);
    expect((await json('get', 'deployment', 'app')).spec.replicas).toBe(1);
    writeFileSync(f, readFileSync(f, 'utf8').replace('replicas: 3', 'replicas: 1'));
    expect((await cluster.kubectl('diff', '-f', f)).code).toBe(0);
  });

  kcase('kubectl apply --server-side (managedFields per manager, 409 conflict, --force-conflicts)', async () => {
    const f = join(dir, 'app.yaml');
    expect(await k('apply', '--server-side', '-f', f)).toContain('serverside-applied');
    const other = `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: app }\nspec: { replicas: 2 }\n`;
    const conflict = await kin(other, 'apply', '--server-side', '--field-manager=other', '-f', '-');
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toMatch(/conflict/i);
    expect(conflict.stderr).toContain('.spec.replicas');
    const forced = await kin(other, 'apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-');
    expect(forced.code, forced.stderr).toBe(0);
    const d = await json('get', 'deployment', 'app', '--show-managed-fields');
    expect(d.spec.replicas).toBe(2);
    expect(d.metadata.managedFields.map((m: any) => m.manager)).toEqual(expect.arrayContaining(['kubectl', 'other']));
    const created = await kin(
      `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ssa-cm }\ndata: { k: v }\n`,
      'apply',
      '--server-side',
      '-f',
      '-',
    );
    expect(created.stdout).toContain('configmap/ssa-cm serverside-applied');
  });

  kcase('kubectl edit (EDITOR is a script)', async () => {
    const editor = file('editor.sh', '#!/bin/sh\nsed -i "s/^  replicas: 2$/  replicas: 1/" "$1"\n');
    chmodSync(editor, 0o755);
    const r = await run('kubectl', ['--kubeconfig', cluster.kubeconfig, '--cache-dir', cluster.cacheDir, 'edit', 'deployment', 'app'], {
      env: { ...process.env, EDITOR: editor, KUBE_EDITOR: editor },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('deployment.apps/app edited');
    expect((await json('get', 'deployment', 'app')).spec.replicas).toBe(1);
  });

  kcase('kubectl replace', async () => {
    const live = await json('get', 'configmap', 'cfg');
    live.data = { a: '2', b: '3' };
    expect(await kin(JSON.stringify(live), 'replace', '-f', '-').then((r) => r.stdout)).toContain('configmap/cfg replaced');
    expect((await json('get', 'configmap', 'cfg')).data).toEqual({ a: '2', b: '3' });
    delete live.metadata.resourceVersion;
    live.data = { c: '4' };
    expect((await kin(JSON.stringify(live), 'replace', '--force', '-f', '-')).stdout).toMatch(/configmap\/cfg (deleted|replaced)/);
  });

  kcase('kubectl patch --type json|merge|strategic', async () => {
    await k('patch', 'deployment', 'web', '--type=merge', '-p', '{"metadata":{"labels":{"merged":"yes"}}}');
    await k('patch', 'deployment', 'web', '--type=json', '-p', '[{"op":"add","path":"/metadata/annotations/jsonpatched","value":"yes"}]');
    await k(
      'patch',
      'deployment',
      'web',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"kubernetes-bootcamp","env":[{"name":"SMP","value":"1"}]}]}}}}',
    );
    const d = await json('get', 'deployment', 'web');
    expect(d.metadata.labels.merged).toBe('yes');
    expect(d.metadata.annotations.jsonpatched).toBe('yes');
    expect(d.spec.template.spec.containers).toHaveLength(1);
    expect(d.spec.template.spec.containers[0].env).toEqual([{ name: 'SMP', value: '1' }]);
    expect(await kfail('patch', 'deployment', 'web', '--type=json', '-p', '[{"op":"test","path":"/spec/replicas","value":99}]')).toMatch(
      /test failed|test operation failed/,
    );
  });

  kcase('kubectl label and annotate (set, overwrite, remove)', async () => {
    const pod = 'runner';
    expect(await k('label', 'pods', pod, 'version=v1')).toContain('labeled');
    expect(await kfail('label', 'pods', pod, 'version=v2')).toContain('already has a value');
    await k('label', 'pods', pod, 'version=v2', '--overwrite');
    expect((await json('get', 'pods', '-l', 'version=v2')).items).toHaveLength(1);
    await k('label', 'pods', pod, 'version-');
    expect((await json('get', 'pod', pod)).metadata.labels.version).toBeUndefined();
    expect(await k('annotate', 'deployment', 'web', 'note=hello')).toContain('annotated');
    expect((await json('get', 'deployment', 'web')).metadata.annotations.note).toBe('hello');
    await k('annotate', 'deployment', 'web', 'note-');
  });

  kcase('kubectl scale', async () => {
    expect(await k('scale', 'deployment/web', '--replicas=3')).toContain('scaled');
    await readyPods('app=web', 3);
    expect(await k('get', 'rs', '-l', 'app=web')).toMatch(/^web-\S+\s+3\s+3\s+3\s/m);
  });

  kcase('kubectl autoscale', async () => {
    expect(await k('autoscale', 'deployment', 'web', '--min=2', '--max=5', '--cpu-percent=80')).toContain('autoscaled');
    const hpa = await json('get', 'hpa', 'web');
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 5, scaleTargetRef: { kind: 'Deployment', name: 'web' } });
    await k('delete', 'hpa', 'web');
  });

  kcase('kubectl set image|env|resources', async () => {
    expect(await k('set', 'image', 'deployment/web', `kubernetes-bootcamp=${V2}`)).toContain('image updated');
    expect(await k('set', 'env', 'deployment/web', 'GREETING=hi')).toContain('env updated');
    expect(await k('set', 'resources', 'deployment/web', '--limits=cpu=200m,memory=256Mi')).toContain('resource requirements updated');
    const c = (await json('get', 'deployment', 'web')).spec.template.spec.containers[0];
    expect(c.image).toBe(V2);
    expect(c.env).toEqual(expect.arrayContaining([{ name: 'GREETING', value: 'hi' }]));
    expect(c.resources.limits).toEqual({ cpu: '200m', memory: '256Mi' });
  });

  kcase(
    'kubectl rollout status|history|pause|resume|restart|undo',
    async () => {
      expect(await k('rollout', 'status', 'deployment/web', '--timeout=90s')).toContain('successfully rolled out');
      expect(await k('rollout', 'history', 'deployment/web')).toMatch(/REVISION\s+CHANGE-CAUSE[\s\S]*\n[0-9]+\s/);
      expect(await k('rollout', 'pause', 'deployment/web')).toContain('paused');
      expect((await json('get', 'deployment', 'web')).spec.paused).toBe(true);
      expect(await k('rollout', 'resume', 'deployment/web')).toContain('resumed');
      expect(await k('rollout', 'restart', 'deployment/web')).toContain('restarted');
      expect((await json('get', 'deployment', 'web')).spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBeTruthy();
      await k('rollout', 'status', 'deployment/web', '--timeout=90s');
      await k('set', 'image', 'deployment/web', `kubernetes-bootcamp=${V1}`);
      await k('rollout', 'status', 'deployment/web', '--timeout=90s');
      expect(await k('rollout', 'undo', 'deployment/web')).toContain('rolled back');
      await k('rollout', 'status', 'deployment/web', '--timeout=90s');
      expect((await json('get', 'deployment', 'web')).spec.template.spec.containers[0].image).toBe(V2);
    },
    150_000,
  );

  kcase('kubectl taint (add, remove), cordon, uncordon', async () => {
    expect(await k('taint', 'nodes', 'node-2', 'dedicated=lab:NoSchedule')).toContain('node/node-2 tainted');
    expect((await json('get', 'node', 'node-2')).spec.taints).toEqual([{ key: 'dedicated', value: 'lab', effect: 'NoSchedule' }]);
    expect(await k('taint', 'nodes', 'node-2', 'dedicated-')).toContain('untainted');
    expect((await json('get', 'node', 'node-2')).spec.taints ?? []).toEqual([]);
    expect(await k('cordon', 'node-2')).toContain('cordoned');
    expect(await k('get', 'nodes')).toMatch(/^node-2\s+Ready,SchedulingDisabled/m);
    expect(await k('uncordon', 'node-2')).toContain('uncordoned');
    expect(await k('get', 'nodes')).toMatch(/^node-2\s+Ready\s/m);
  });

  kcase(
    'kubectl delete --grace-period, -l, --all, --wait, --cascade=background|foreground|orphan',
    async () => {
      expect(await k('delete', 'pod', 'runner', '--grace-period=0', '--force')).toContain('force deleted');
      expect(await k('delete', 'pod', '-l', 'app=fromfile')).toContain('pod "fromfile" deleted');
      await gone('pod', 'fromfile');
      await k('create', 'configmap', 'x1', '--from-literal=a=b');
      await k('delete', 'configmap', '--all');
      expect((await json('get', 'configmap')).items.filter((c: any) => c.metadata.name !== 'kube-root-ca.crt')).toEqual([]);
      // orphan: the ReplicaSet stays, without its owner
      await k('create', 'deployment', 'orph', `--image=${V1}`);
      await readyPods('app=orph', 1);
      expect(await k('delete', 'deployment', 'orph', '--cascade=orphan')).toContain('deleted');
      const rs = (await json('get', 'rs', '-l', 'app=orph')).items;
      expect(rs).toHaveLength(1);
      expect(rs[0].metadata.ownerReferences ?? []).toEqual([]);
      // foreground: the owner stays, marked with the foregroundDeletion finalizer, until its dependents are gone
      const owner = await ownerDeletion('app=orph', () => k('delete', 'rs', '-l', 'app=orph', '--cascade=foreground', '--wait'));
      expect(owner.deleteOutput).toContain('deleted');
      expect(owner.marked?.metadata.finalizers).toContain('foregroundDeletion');
      expect(owner.podsWhenDeleted).toEqual([]);
      // background (the default): ReplicaSets and pods follow
      await k('create', 'deployment', 'bg', `--image=${V1}`);
      await readyPods('app=bg', 1);
      expect(await k('delete', 'deployment', 'bg', '--cascade=background')).toContain('deployment.apps "bg" deleted');
      await until(
        'the ReplicaSets and pods of bg to go',
        async () =>
          (await json('get', 'rs', '-l', 'app=bg')).items.length === 0 && (await json('get', 'pods', '-l', 'app=bg')).items.length === 0,
      );
    },
    120_000,
  );

  kcase(
    'kubectl drain: the eviction subresource, PodDisruptionBudgets answering 429, a disruption controller keeping their status',
    async () => {
      await k('scale', 'deployment/web', '--replicas=2');
      await readyPods('app=web', 2);
      await k('patch', 'pdb', 'web-pdb', '--type=merge', '-p', '{"spec":{"minAvailable":2}}');
      await until('the budget to allow no disruption', async () => {
        const s = (await json('get', 'pdb', 'web-pdb')).status;
        return s?.observedGeneration === 2 && s.currentHealthy === 2 && s.disruptionsAllowed === 0;
      });
      // The node of a live pod: a terminating one (left by the scale-down) needs no budget.
      const live = await readyPods('app=web', 2);
      const node = live[0].spec.nodeName;
      const blocked = await cluster.kubectl('drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--force', '--timeout=7s');
      expect(blocked.code, blocked.stdout + blocked.stderr).toBe(1);
      expect(blocked.stderr + blocked.stdout).toContain("Cannot evict pod as it would violate the pod's disruption budget.");
      expect((await readyPods('app=web', 2)).map((p) => p.metadata.uid).sort()).toEqual(live.map((p) => p.metadata.uid).sort());
      await k('patch', 'pdb', 'web-pdb', '--type=merge', '-p', '{"spec":{"minAvailable":1}}');
      await until('the budget to allow one disruption', async () => (await json('get', 'pdb', 'web-pdb')).status?.disruptionsAllowed === 1);
      const r = await cluster.kubectl('drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--force', '--timeout=90s');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`node/${node} drained`);
      await until(
        `no pods on ${node}`,
        async () => (await json('get', 'pods', '-A', '--field-selector', `spec.nodeName=${node}`)).items.length === 0,
      );
      await readyPods('app=web', 2);
      expect(await k('uncordon', node)).toContain('uncordoned');
    },
    150_000,
  );
});

describe('errors', () => {
  kcase('NotFound, AlreadyExists and Invalid (422 with field causes)', async () => {
    expect(await kfail('get', 'pod', 'nope')).toContain('Error from server (NotFound): pods "nope" not found');
    await k('create', 'configmap', 'dup');
    expect(await kfail('create', 'configmap', 'dup')).toContain('configmaps "dup" already exists');
    expect(await kfail('create', '-f', file('dup.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: dup }\n'))).toContain(
      'Error from server (AlreadyExists)',
    );
    const bad = await kin(
      `apiVersion: v1\nkind: Pod\nmetadata: { name: Bad_Name }\nspec: { containers: [{ name: c, image: x }] }\n`,
      'create',
      '-f',
      '-',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/is invalid: metadata\.name: Invalid value: "Bad_Name"/);
  });

  kcase('strict field validation: unknown fields are refused, --validate=warn warns, --validate=false drops them', async () => {
    const cm = (n: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${n} }\ndata: { a: b }\nbogus: 1\n`;
    const strict = await kin(cm('strict-cm'), 'create', '-f', '-');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/unknown field "bogus"/);
    const warn = await kin(cm('warn-cm'), 'create', '--validate=warn', '-f', '-');
    expect(warn.code, warn.stderr).toBe(0);
    expect(warn.stderr).toMatch(/[Ww]arning.*unknown field "bogus"/);
    const ignore = await kin(cm('ignore-cm'), 'create', '--validate=false', '-f', '-');
    expect(ignore.code, ignore.stderr).toBe(0);
  });

  kcase('an optimistic-lock conflict is a 409', async () => {
    const live = await json('get', 'configmap', 'dup');
    live.metadata.resourceVersion = '1';
    const r = await kin(JSON.stringify(live), 'replace', '-f', '-');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Error from server \(Conflict\)|the object has been modified/);
  });
});

describe('streaming', () => {
  kcase('kubectl logs (-c, --tail, --timestamps, -l)', async () => {
    const pod = (await json('get', 'pods', '-l', 'app=web')).items[0].metadata.name;
    expect(await k('logs', pod)).toContain('Kubernetes Bootcamp App Started At');
    expect(await k('logs', pod, '-c', 'kubernetes-bootcamp', '--tail=1', '--timestamps')).toMatch(/^\d{4}-\d\d-\d\dT\S+Z /);
    expect(await k('logs', '-l', 'app=web')).toContain('Kubernetes Bootcamp App Started At');
  });

  kcase('kubectl exec (WebSocket v5, exit codes)', async () => {
    const pod = (await json('get', 'pods', '-l', 'app=web')).items[0].metadata.name;
    expect(await k('exec', pod, '--', 'env')).toMatch(/^HOSTNAME=/m);
    const r = await cluster.kubectl('exec', pod, '--', 'sh', '-c', 'exit 3');
    expect(r.code).toBe(3);
  });
});

describe('streaming: port-forward and proxy', () => {
  /** Starts a long-running kubectl, resolves once its stdout matches `ready`. */
  async function background(args: string[], ready: RegExp): Promise<{ stop(): void }> {
    const p = spawn('kubectl', ['--kubeconfig', cluster.kubeconfig, '--cache-dir', cluster.cacheDir, ...args]);
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.stderr.on('data', (d) => {
      out += d;
    });
    await until(`kubectl ${args.join(' ')} to start`, async () => ready.test(out), 20_000).catch((err) => {
      p.kill();
      throw new Error(`${(err as Error).message}: ${out}`);
    });
    return { stop: () => p.kill() };
  }

  kcase('kubectl port-forward', async () => {
    const pod = (await json('get', 'pods', '-l', 'app=web')).items[0].metadata.name;
    const port = await freePort();
    const pf = await background(['port-forward', `pod/${pod}`, `${port}:8080`], /Forwarding from/);
    try {
      expect((await httpGet(`http://127.0.0.1:${port}/`, 5000)).body).toContain(`Running on: ${pod}`);
    } finally {
      pf.stop();
    }
  });

  kcase('kubectl proxy (services/…/proxy)', async () => {
    const port = await freePort();
    const proxy = await background(['proxy', `--port=${port}`], /Starting to serve/);
    try {
      expect(JSON.parse((await httpGet(`http://127.0.0.1:${port}/version`)).body).minor).toBe('32');
      expect((await httpGet(`http://127.0.0.1:${port}/api/v1/namespaces/default/services/web-svc:8080/proxy/`, 5000)).body).toContain(
        'Hello Kubernetes bootcamp!',
      );
    } finally {
      proxy.stop();
    }
  });
});

describe('a second client', () => {
  kcase('@kubernetes/client-node exec against the live cluster (TLS, token, WebSocket)', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(cluster.kubeconfig);
    const pod = (await json('get', 'pods', '-l', 'app=web')).items[0].metadata.name;
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => {
      text += d;
    });
    const status = await new Promise<k8s.V1Status>((resolve, reject) => {
      new k8s.Exec(kc).exec('default', pod, 'kubernetes-bootcamp', ['env'], out, out, null, false, (s) => resolve(s)).catch(reject);
    });
    expect(status.status).toBe('Success');
    await until('exec output', async () => /^HOSTNAME=/m.test(text), 5000);
  });
});
