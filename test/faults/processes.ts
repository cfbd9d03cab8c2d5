/**
 * Real processes for the fault tests: redis-server with the CLI's own flags (`redisSpec`, so
 * `--durable` is what `kemu up --durable` runs), the built apiserver, and a recorder of write
 * load. Every process is started here and killed by its own pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pollUntil } from '@kemu/api';
import { commandLine, redisSpec } from '@kemu/cli';
import { freePort, requireRedisServer } from '../support/redis-server.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface Proc {
  proc: ChildProcess;
  /** Everything the process printed. */
  output(): string;
  /** Sends sig and waits for the exit (SIGKILL: no shutdown of any kind). */
  kill(sig?: NodeJS.Signals): Promise<void>;
}

function track(proc: ChildProcess): Proc {
  let out = '';
  proc.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  proc.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return {
    proc,
    output: () => out,
    async kill(sig = 'SIGKILL') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(sig);
      await exited;
    },
  };
}

/** Resolves once `fn` is true (a rejection counts as false); pollUntil every intervalMs. */
export async function until(fn: () => Promise<boolean> | boolean, timeoutMs: number, what: string, intervalMs = 50): Promise<void> {
  await pollUntil(async () => (await fn()) || undefined, { timeoutMs, intervalMs, what });
}

/** redis-server with AOF in dir, exactly as `kemu up [--durable]` runs it. */
export async function startRedisLikeKemu(dir: string, port: number, durable: boolean): Promise<Proc> {
  requireRedisServer();
  const { command, args } = commandLine(redisSpec({ kind: 'redis', port, dir }, durable));
  const p = track(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  await until(() => p.output().includes('Ready to accept connections'), 15_000, 'redis-server to start');
  return p;
}

export interface Apiserver extends Proc {
  url: string;
  port: number;
}

/** The built apiserver on a free port over `storage`. */
export async function startApiserverProcess(storage: string, extra: string[] = []): Promise<Apiserver> {
  const port = await freePort();
  const p = track(
    spawn(
      process.execPath,
      [`${repoRoot}packages/apiserver/dist/main.js`, '--port', String(port), '--storage', storage, '--profile', 'fast', ...extra],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
  const url = `http://127.0.0.1:${port}`;
  await until(async () => (await fetch(`${url}/readyz`)).status === 200, 20_000, 'the apiserver to be ready');
  return { ...p, url, port };
}

/** A counter of how long things took, printed at the end of a test. */
export function report(title: string, figures: Record<string, string | number>): void {
  const lines = Object.entries(figures).map(([k, v]) => `  ${k.padEnd(44)} ${v}`);
  process.stdout.write(`\n[fault] ${title}\n${lines.join('\n')}\n`);
}
