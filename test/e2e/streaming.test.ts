/**
 * Streaming on a real `kemu up` cluster (TLS, tokens, separate processes) with the real kubectl:
 * logs, exec (exit codes, service names), cp, port-forward and kubectl proxy.
 * Run under the e2e lock: `flock /tmp/kemu-e2e.lock npx vitest run test/e2e/streaming.test.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/redis-server.js';
import { Cluster, httpGet, waitFor } from './harness.js';

const cluster = new Cluster();
const children: ChildProcess[] = [];
let pod = '';
let upFailed: Error | undefined;

/** A long-running kubectl; resolves with the first match of `ready` on its output. */
function background(args: string[], ready: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn('kubectl', ['--kubeconfig', cluster.kubeconfig, '--cache-dir', cluster.cacheDir, ...args]);
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const on = (c: Buffer) => {
      out += c.toString();
      const m = ready.exec(out);
      if (m) resolve({ child, match: m });
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.on('exit', (code) => reject(new Error(`kubectl ${args.join(' ')} exited ${code}: ${out}`)));
  });
}

beforeAll(async () => {
  const r = await cluster.kemu(['up', '--nodes', '2', '--storage', 'redis', '--detach', '--port', String(await freePort())], 150_000);
  if (r.code !== 0) {
    upFailed = new Error(`kemu up exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return;
  }
  await cluster.k('create', 'deployment', 'bootcamp', '--image=gcr.io/google-samples/kubernetes-bootcamp:v1');
  await cluster.k('expose', 'deployment/bootcamp', '--port', '8080');
  await cluster.k('rollout', 'status', 'deployment/bootcamp', '--timeout=90s');
  pod = (await cluster.k('get', 'pods', '-l', 'app=bootcamp', '-o', 'jsonpath={.items[0].metadata.name}')).trim();
  await waitFor(
    async () => (await cluster.kubectl('get', 'endpoints', 'bootcamp', '-o', 'jsonpath={.subsets[0].addresses[0].ip}')).stdout.trim(),
    { timeoutMs: 30_000, intervalMs: 300, what: 'bootcamp endpoints' },
  );
}, 240_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill();
  await cluster.kemu(['down'], 60_000);
  rmSync(cluster.cacheDir, { recursive: true, force: true });
  rmSync(cluster.home, { recursive: true, force: true });
}, 90_000);

describe('streaming on a kemu cluster', () => {
  it('logs and exec: env, exit code, a service name', async () => {
    if (upFailed) throw upFailed;
    expect(await cluster.k('logs', pod)).toMatch(/Kubernetes Bootcamp App Started At/);
    expect(await cluster.k('exec', pod, '--', 'env')).toContain(`HOSTNAME=${pod}\n`);
    const exit = await cluster.kubectl('exec', pod, '--', 'sh', '-c', 'curl -s bootcamp:8080 | grep -c Hello; exit 3');
    expect(exit.stdout).toBe('1\n');
    expect(exit.code).toBe(3);
  }, 60_000);

  it('cp into and out of the container', async () => {
    if (upFailed) throw upFailed;
    const file = join(cluster.home, 'note.txt');
    writeFileSync(file, 'a note\n');
    await cluster.k('cp', file, `${pod}:/tmp/note.txt`);
    await cluster.k('cp', `${pod}:/tmp/note.txt`, join(cluster.home, 'back.txt'));
    expect(readFileSync(join(cluster.home, 'back.txt'), 'utf8')).toBe('a note\n');
  }, 60_000);

  it('port-forward to the service and kubectl proxy to its endpoints', async () => {
    if (upFailed) throw upFailed;
    const pf = await background(['port-forward', 'svc/bootcamp', ':8080'], /Forwarding from 127\.0\.0\.1:(\d+) -> 8080/);
    expect((await httpGet(`http://127.0.0.1:${pf.match[1]}/`)).body).toContain(`Running on: ${pod}`);
    const proxy = await background(['proxy', '--port=0'], /Starting to serve on 127\.0\.0\.1:(\d+)/);
    const base = `http://127.0.0.1:${proxy.match[1]}/api/v1/namespaces/default`;
    expect((await httpGet(`${base}/services/bootcamp:8080/proxy/`)).body).toContain('Hello Kubernetes bootcamp!');
    expect((await httpGet(`${base}/pods/${pod}:8080/proxy/`)).body).toContain(`Running on: ${pod}`);
    pf.child.kill();
    proxy.child.kill();
  }, 60_000);
});
