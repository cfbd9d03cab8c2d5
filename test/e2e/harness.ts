/**
 * Driving a real kemu cluster from a test: the built `kemu` CLI, the real `kubectl` on PATH with
 * a private kubeconfig and cache dir, plain HTTP to pod/node/cluster IPs, and polling helpers.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { freePort } from '../support/redis-server.js';
/** The tests' name for @kemu/api's pollUntil. */
export { pollUntil as waitFor } from '@kemu/api';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const kemuBin = join(repoRoot, 'packages/cli/bin/kemu.js');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  took: number;
}

export function run(
  command: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {},
): Promise<Run> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: opts.cwd ?? repoRoot, env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) =>
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
          stdout: String(stdout),
          stderr: String(stderr),
          took: Date.now() - t0,
        }),
    );
  });
}

export class Cluster {
  readonly home = mkdtempSync(join(tmpdir(), 'kemu-e2e-'));
  readonly cacheDir = mkdtempSync(join(tmpdir(), 'kemu-kubectl-cache-'));
  readonly kubeconfig = join(this.home, 'kubeconfig');

  /** `kemu <args>` with this cluster's KEMU_HOME. */
  kemu(args: string[], timeoutMs = 60_000): Promise<Run> {
    return run(process.execPath, [kemuBin, ...args], { env: { ...process.env, KEMU_HOME: this.home }, timeoutMs });
  }

  /** `kemu <args>`, failing with its output unless it exits 0. */
  async kemuOk(...args: string[]): Promise<string> {
    const r = await this.kemu(args, 120_000);
    if (r.code !== 0) throw new Error(`kemu ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  }

  /** The real kubectl, against this cluster only. */
  kubectl(...args: string[]): Promise<Run> {
    return run('kubectl', ['--kubeconfig', this.kubeconfig, '--cache-dir', this.cacheDir, ...args], {
      env: { ...process.env, KUBECONFIG: this.kubeconfig },
      timeoutMs: 150_000,
    });
  }

  /** kubectl, failing with its output unless it exits 0; returns stdout. */
  async k(...args: string[]): Promise<string> {
    const r = await this.kubectl(...args);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  }

  async json<T = any>(...args: string[]): Promise<T> {
    return JSON.parse(await this.k(...args, '-o', 'json')) as T;
  }

  /** The last lines of every component log, for a failed test. */
  logTails(lines = 15): string {
    const dir = join(this.home, 'logs');
    if (!existsSync(dir)) return '(no logs)';
    return readdirSync(dir)
      .sort()
      .map((f) => {
        const all = readFileSync(join(dir, f), 'utf8').trimEnd().split('\n');
        return `--- ${f} (last ${Math.min(lines, all.length)} of ${all.length} lines) ---\n${all.slice(-lines).join('\n')}`;
      })
      .join('\n');
  }
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/** One GET on a fresh connection (so every request is balanced anew), with a deadline. */
export function httpGet(url: string, timeoutMs = 2000): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, timeout: timeoutMs, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** GET that resolves to the body of a 200, or undefined on any failure (for polling). */
export async function tryGet(url: string, timeoutMs = 2000): Promise<string | undefined> {
  try {
    const r = await httpGet(url, timeoutMs);
    return r.status === 200 ? r.body : undefined;
  } catch {
    return undefined;
  }
}

/** `Running on: <pod>` and `v=<n>` of a bootcamp answer. */
export function parseBootcamp(body: string): { pod: string; version: string } | undefined {
  const m = /Hello Kubernetes bootcamp! \| Running on: (\S+) \| v=(\d+)/.exec(body);
  return m ? { pod: m[1], version: m[2] } : undefined;
}

/** Asserts `fn` stays true on every poll for `ms` (a "nothing happens" check). */
export async function holdsFor(fn: () => Promise<boolean>, ms: number, intervalMs = 300): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!(await fn())) throw new Error('condition stopped holding');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function freshDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Registers the hooks of a suite that runs on one cluster of its own: `kemu up --nodes N --storage
 * redis --detach` on a free apiserver port before the suite (a failed start is kept, not thrown, so
 * each test fails with it through `requireCluster`), every component's log tail after a failed test,
 * and `kemu down` plus cleanup after the suite.
 */
export function useCluster(cluster: Cluster, opts: { nodes?: number } = {}): { apiPort: () => number; requireCluster: () => void } {
  let upFailed: Error | undefined;
  let port = 0;
  beforeAll(async () => {
    port = await freePort();
    const r = await cluster.kemu(
      ['up', '--nodes', String(opts.nodes ?? 2), '--storage', 'redis', '--detach', '--port', String(port)],
      150_000,
    );
    if (r.code !== 0) {
      upFailed = new Error(`kemu up exited ${r.code}\n${r.stdout}\n${r.stderr}`);
      console.error(`${upFailed.message}\n${cluster.logTails(25)}`);
    }
  }, 180_000);
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') console.error(`\n===== component logs after "${ctx.task.name}" =====\n${cluster.logTails()}`);
  });
  afterAll(async () => {
    const r = await cluster.kemu(['down'], 60_000);
    if (r.code !== 0) console.error(`kemu down: ${r.stdout}${r.stderr}`);
    rmSync(cluster.cacheDir, { recursive: true, force: true });
    rmSync(cluster.home, { recursive: true, force: true });
  }, 90_000);
  return {
    apiPort: () => port,
    requireCluster: () => {
      if (upFailed) throw new Error(`the cluster did not start: ${upFailed.message}`);
    },
  };
}
