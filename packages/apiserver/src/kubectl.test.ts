/**
 * The real kubectl (on PATH) against an in-process apiserver, with a temp kubeconfig and a
 * fresh --cache-dir per test.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, writeKubeconfig, type Harness } from './testing/harness.js';

let h: Harness;
let dir: string;
let cacheDir: string;

function kubectl(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      'kubectl',
      ['--kubeconfig', join(dir, 'kubeconfig'), '--cache-dir', cacheDir, ...args],
      { timeout: 30_000, env: { ...process.env, HOME: dir } },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      },
    );
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

beforeAll(async () => {
  h = await startHarness();
  dir = mkdtempSync(join(tmpdir(), 'kemu-kubectl-'));
  writeKubeconfig(join(dir, 'kubeconfig'), h.url);
  await h.req('POST', '/api/v1/nodes', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-1', labels: { 'kubernetes.io/hostname': 'node-1', 'node-role.kubernetes.io/control-plane': '' } },
    spec: { podCIDR: '127.244.1.0/24' },
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      addresses: [
        { type: 'InternalIP', address: '127.10.0.1' },
        { type: 'Hostname', address: 'node-1' },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.32.4-kemu',
        osImage: 'kemu',
        kernelVersion: '6.0',
        containerRuntimeVersion: 'kemu://1.0',
        operatingSystem: 'linux',
        architecture: 'amd64',
        machineID: 'm',
        systemUUID: 's',
        bootID: 'b',
        kubeProxyVersion: '',
      },
    },
  });
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  cacheDir = mkdtempSync(join(dir, 'cache-'));
});

const POD_YAML = `apiVersion: v1
kind: Pod
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  containers:
  - name: nginx
    image: nginx:1.25
    ports:
    - containerPort: 80
`;

describe('kubectl', () => {
  it('kubectl version reports the server', async () => {
    const r = await kubectl(['version']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Server Version: v1\.32\./);
  });

  it('kubectl get nodes prints Status and Roles', async () => {
    const r = await kubectl(['get', 'nodes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/);
    expect(r.stdout).toMatch(/node-1\s+Ready\s+control-plane\s+\d+s\s+v1\.32\.4-kemu/);
  });

  it('create -f, get pods, label, get -o json, delete', async () => {
    writeFileSync(join(dir, 'pod.yaml'), POD_YAML);
    const created = await kubectl(['create', '-f', join(dir, 'pod.yaml')]);
    expect(created.stderr).toBe('');
    expect(created.stdout.trim()).toBe('pod/nginx created');

    const fromStdin = await kubectl(['create', '-f', '-'], POD_YAML.replace('name: nginx\n  labels', 'name: nginx-2\n  labels'));
    expect(fromStdin.stdout.trim()).toBe('pod/nginx-2 created');

    const get = await kubectl(['get', 'pods']);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
    expect(get.stdout).toMatch(/nginx\s+0\/1\s+Pending\s+0\s+\d+s/);

    const wide = await kubectl(['get', 'pods', '-o', 'wide']);
    expect(wide.stdout).toMatch(/IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES/);

    const label = await kubectl(['label', 'pods', 'nginx', 'version=v1']);
    expect(label.stdout.trim()).toBe('pod/nginx labeled');

    const json = await kubectl(['get', 'pod', 'nginx', '-o', 'json']);
    const obj = JSON.parse(json.stdout);
    expect(obj.kind).toBe('Pod');
    expect(obj.metadata.labels).toEqual({ app: 'nginx', version: 'v1' });

    const sel = await kubectl(['get', 'pods', '-l', 'version=v1', '-o', 'name']);
    expect(sel.stdout.trim()).toBe('pod/nginx');

    const del = await kubectl(['delete', 'pod', 'nginx']);
    expect(del.code).toBe(0);
    expect(del.stdout.trim()).toBe('pod "nginx" deleted');
    const after = await kubectl(['get', 'pod', 'nginx']);
    expect(after.code).not.toBe(0);
    expect(after.stderr).toContain('Error from server (NotFound): pods "nginx" not found');
  });

  it('create deployment (protobuf body), scale, and get with the deployment columns', async () => {
    const c = await kubectl(['create', 'deployment', 'web', '--image=nginx']);
    expect(c.stderr).toBe('');
    expect(c.stdout.trim()).toBe('deployment.apps/web created');
    const s = await kubectl(['scale', 'deployment/web', '--replicas=3']);
    expect(s.stdout.trim()).toBe('deployment.apps/web scaled');
    const g = await kubectl(['get', 'deploy']);
    expect(g.stdout).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\n/);
    expect(g.stdout).toMatch(/web\s+0\/3\s+0\s+0\s+\d+s/);
  });

  it('expose allocates a NodePort service', async () => {
    const e = await kubectl(['expose', 'deployment/web', '--type=NodePort', '--port', '8080']);
    expect(e.stdout.trim()).toBe('service/web exposed');
    const g = await kubectl(['get', 'svc', 'web']);
    expect(g.stdout).toMatch(/web\s+NodePort\s+127\.96\.\d+\.\d+\s+<none>\s+8080:3\d{4}\/TCP/);
  });

  it('apply -f creates, then patches; apply --server-side updates', async () => {
    const cm = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: "${v}"\n`;
    writeFileSync(join(dir, 'cm.yaml'), cm('a'));
    const first = await kubectl(['apply', '-f', join(dir, 'cm.yaml')]);
    expect(first.stderr).toBe('');
    expect(first.stdout.trim()).toBe('configmap/settings created');
    writeFileSync(join(dir, 'cm.yaml'), cm('b'));
    const second = await kubectl(['apply', '-f', join(dir, 'cm.yaml')]);
    expect(second.stdout.trim()).toBe('configmap/settings configured');
    writeFileSync(join(dir, 'cm.yaml'), cm('c'));
    const ssa = await kubectl(['apply', '--server-side', '-f', join(dir, 'cm.yaml')]);
    expect(ssa.stdout.trim()).toBe('configmap/settings serverside-applied');
    const got = await kubectl(['get', 'cm', 'settings', '-o', 'jsonpath={.data.mode}']);
    expect(got.stdout).toBe('c');
  });

  it('get -w prints new pods as they are created', async () => {
    const child = spawn('kubectl', ['--kubeconfig', join(dir, 'kubeconfig'), '--cache-dir', cacheDir, 'get', 'pods', '-w'], {
      env: { ...process.env, HOME: dir },
    });
    // One listener for the whole run: output arriving between two waits must not be lost.
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    const seen = (text: string) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (out.includes(text)) {
            child.stdout.off('data', check);
            resolve();
          }
        };
        child.stdout.on('data', check);
        check();
      });
    await seen('NAME');
    await h.req('POST', '/api/v1/namespaces/default/pods', {
      metadata: { name: 'watched' },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    });
    await seen('watched');
    expect(out).toMatch(/watched\s+0\/1\s+Pending\s+0\s+\d+s/);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  });
});
