/**
 * The commit and environment of a benchmark run, so a figure in bench/RESULTS.md can be told
 * apart from one taken on other code or another machine. Captured when this module is first
 * imported (a benchmark imports it at its start): the date and load average are the start's.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const STARTED = { date: new Date().toISOString(), loadavg: os.loadavg() };
const ownRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * The checkout's commit (short hash) and whether tracked files differ from it. bench/RESULTS.md
 * is left out: recording a result changes it.
 * @param {string} root  the checkout
 */
export function commitOf(root = ownRoot) {
  const commit = run('git', ['rev-parse', '--short', 'HEAD'], root) ?? 'unknown';
  const changed = run('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench/RESULTS.md'], root);
  const files = changed ? changed.split('\n').length : 0;
  return { commit, dirty: files > 0, changedFiles: files };
}

let cached;

/**
 * @returns {{ commit: string, dirty: boolean, changedFiles: number, node: string, cpu: string, nproc: number,
 *             loadavgAtStart: number[], kernel: string, redis: string, date: string }}
 */
export function environment() {
  if (cached) return cached;
  let cpu = 'unknown';
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    /* not Linux */
  }
  const redis = /v=([0-9.]+)/.exec(run('redis-server', ['--version']) ?? '')?.[1] ?? 'not installed';
  cached = {
    ...commitOf(),
    node: process.version,
    cpu,
    nproc: os.availableParallelism(),
    loadavgAtStart: STARTED.loadavg.map((x) => Number(x.toFixed(2))),
    kernel: `${os.type()} ${os.release()}`,
    redis,
    date: STARTED.date,
  };
  return cached;
}

/** "abc1234" or "abc1234 + uncommitted changes in 3 files". */
export function describeCommit(c) {
  return c.dirty ? `${c.commit} + uncommitted changes in ${c.changedFiles} file${c.changedFiles === 1 ? '' : 's'}` : c.commit;
}

/** The one-line header printed before every benchmark and recorded with its result. */
export function environmentHeader(env = environment()) {
  return (
    `commit ${describeCommit(env)}; Node ${env.node}; ${env.nproc} × ${env.cpu}; ` +
    `load average ${env.loadavgAtStart.join(' ')} at the start; ` +
    `${env.kernel}; redis-server ${env.redis}; ${env.date}`
  );
}
