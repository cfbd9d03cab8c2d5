/**
 * A kemu cluster for a benchmark, started from the built entry points (no `kemu up`: the
 * benchmark picks the profile, the hollow-node pools and the ports, and needs every PID to read
 * its CPU time and RSS). Plain HTTP on a free port, logs in a temp dir (printed on failure),
 * everything stopped by `stop()`.
 *
 *   const c = await startCluster({ profile: 'realistic' });
 *   const pool = await c.hollow({ count: 1000, first: 1001, mode: 'status-only' });
 *   … c.client (a RestClient), c.pids(), cpuSeconds(pid), rssBytes(pid) …
 *   await c.stop();
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pollUntil } from '@kemu/api';
import { freePort } from '@kemu/cli';
import { RestClient } from '@kemu/client';
import { startRedis } from './redis-server.js';

export const repoRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const ENTRY = (pkg) => join(repoRoot, 'packages', pkg, 'dist', 'main.js');
const CLK_TCK = 100;

export { freePort };

/** User + system CPU seconds a process has used so far (Linux /proc). */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}

/** Resident set size in bytes (Linux /proc). */
export function rssBytes(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

function httpOk(url) {
  return new Promise((resolve) => {
    const req = request(url, { timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

/** Resolves with fn's first truthy value; pollUntil every intervalMs (a rejection counts as not yet). */
export function waitUntil(fn, { timeoutMs = 60_000, intervalMs = 100, what = 'condition' } = {}) {
  return pollUntil(async () => (await fn()) || undefined, { timeoutMs, intervalMs, what });
}

/**
 * @param {{ profile?: string, storage?: 'redis'|'memory', scheduler?: number, controllerManager?: number,
 *           nodeArgs?: string[], keepLogs?: boolean, log?: (s: string) => void }} opts
 *   keepLogs defaults to whether KEMU_BENCH_KEEP_LOGS is set.
 */
export async function startCluster(opts = {}) {
  const profile = opts.profile ?? 'realistic';
  const logDir = mkdtempSync(join(tmpdir(), 'kemu-bench-'));
  const log = opts.log ?? (() => {});
  const procs = new Map();
  let redis;

  // KEMU_BENCH_CPU_PROF=scheduler,hollow: those components run under --cpu-prof (profiles in KEMU_BENCH_CPU_PROF_DIR, default /tmp/kemu-profiles).
  const profiled = (process.env.KEMU_BENCH_CPU_PROF ?? '').split(',').filter(Boolean);
  const profDir = process.env.KEMU_BENCH_CPU_PROF_DIR ?? join(tmpdir(), 'kemu-profiles');
  const launch = (name, pkg, args, nodeArgs = []) => {
    if (profiled.some((p) => name.startsWith(p)))
      nodeArgs = [...nodeArgs, '--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-name', `${name}-${Date.now()}.cpuprofile`];
    const fd = openSync(join(logDir, `${name}.log`), 'a');
    const child = spawn(process.execPath, [...nodeArgs, ...(opts.nodeArgs ?? []), ENTRY(pkg), ...args], {
      cwd: repoRoot,
      stdio: ['ignore', fd, fd],
      env: { ...process.env },
    });
    closeSync(fd);
    const rec = { name, pid: child.pid, child, exited: new Promise((r) => child.once('exit', (code, sig) => r({ code, sig }))) };
    procs.set(name, rec);
    return rec;
  };
  const healthy = async (rec, url, timeoutMs = 30_000) => {
    let dead;
    void rec.exited.then((e) => {
      dead = e;
    });
    await waitUntil(
      async () => {
        if (dead) throw new Error(`${rec.name} exited (${JSON.stringify(dead)}):\n${tail(join(logDir, `${rec.name}.log`))}`);
        return httpOk(url);
      },
      { timeoutMs, what: `${rec.name} healthy` },
    );
  };

  const cluster = {
    profile,
    logDir,
    procs,
    /** @type {RestClient} */ client: undefined,
    url: '',
    redis: undefined,
    pid(name) {
      return procs.get(name)?.pid;
    },
    pids() {
      return Object.fromEntries([...procs.values()].map((p) => [p.name, p.pid]).concat(redis ? [['redis', redis.pid]] : []));
    },

    /** A hollow-node process; resolves once its /healthz answers (nodes register afterwards). */
    async hollow({ name = 'hollow', count, first = 1001, mode = 'status-only', extra = [], nodeArgs = [] }) {
      const hp = await freePort();
      const rec = launch(
        name,
        'kubelet',
        [
          '--apiserver',
          cluster.url,
          '--hollow-nodes',
          String(count),
          '--first-node-index',
          String(first),
          '--hollow-mode',
          mode,
          '--healthz-port',
          String(hp),
          '--profile',
          profile,
          '--log-level',
          'warn',
          ...extra,
        ],
        nodeArgs,
      );
      await healthy(rec, `http://127.0.0.1:${hp}/healthz`, 120_000);
      return rec;
    },

    /** A control-plane replica (scheduler or controller-manager) with --id name. */
    async controlPlane(kind, name = `${kind}-1`, nodeArgs = []) {
      const hp = await freePort();
      const rec = launch(
        name,
        kind,
        ['--apiserver', cluster.url, '--id', name, '--healthz-port', String(hp), '--profile', profile],
        nodeArgs,
      );
      await healthy(rec, `http://127.0.0.1:${hp}/healthz`);
      return rec;
    },

    /** Any component with explicit args (real kubelets, proxies). */
    launch,

    /** SIGTERM (or `signal`) to one component; SIGKILL after graceMs; resolves when it exited. */
    async kill(name, signal = 'SIGTERM', graceMs = 5000) {
      const rec = procs.get(name);
      if (!rec) return;
      if (rec.child.exitCode === null && rec.child.signalCode === null) rec.child.kill(signal);
      const t = setTimeout(() => {
        log(`${name} did not exit within ${graceMs} ms of ${signal}; SIGKILL`);
        rec.child.kill('SIGKILL');
      }, graceMs);
      await rec.exited;
      clearTimeout(t);
      procs.delete(name);
    },

    /** Stops the nodes and control plane first, the apiserver and redis-server last. */
    async stop() {
      const names = [...procs.keys()];
      await Promise.all(names.filter((n) => n !== 'apiserver').map((n) => cluster.kill(n)));
      await cluster.kill('apiserver');
      await redis?.stop();
      if (!(opts.keepLogs ?? process.env.KEMU_BENCH_KEEP_LOGS)) rmSync(logDir, { recursive: true, force: true });
    },

    logTails(lines = 15) {
      return readdirSync(logDir)
        .map((f) => `--- ${f} ---\n${tail(join(logDir, f), lines)}`)
        .join('\n');
    },
  };

  try {
    const storage = opts.storage ?? 'redis';
    if (storage === 'redis') {
      redis = await startRedis();
      cluster.redis = redis;
    }
    const port = await freePort();
    cluster.url = `http://127.0.0.1:${port}`;
    const api = launch('apiserver', 'apiserver', [
      '--port',
      String(port),
      '--bind-address',
      '127.0.0.1',
      '--storage',
      redis ? redis.url : 'memory',
      '--profile',
      profile,
      '--log-level',
      'warn',
    ]);
    await healthy(api, `${cluster.url}/readyz`);
    cluster.client = new RestClient({ servers: [cluster.url], userAgent: 'kemu-bench' });
    log(`apiserver ${cluster.url}${redis ? ` on redis-server ${redis.version}` : ' (memory)'}, profile ${profile}, logs in ${logDir}`);
    for (let i = 1; i <= (opts.controllerManager ?? 1); i++) await cluster.controlPlane('controller-manager', `controller-manager-${i}`);
    for (let i = 1; i <= (opts.scheduler ?? 1); i++) await cluster.controlPlane('scheduler', `scheduler-${i}`);
  } catch (err) {
    const tails = readdirSync(logDir).length ? cluster.logTails() : '';
    await cluster.stop().catch(() => {});
    throw new Error(`${err.message}\n${tails}`);
  }
  return cluster;
}

function tail(file, lines = 15) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Nodes whose Ready condition is True, from a list. */
export function readyNodes(list) {
  return list.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
}
