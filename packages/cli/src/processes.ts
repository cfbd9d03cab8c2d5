/**
 * OS processes of the components: started detached (own process group, output to a log file) so
 * they outlive the `kemu` invocation that started them, and signalled as a group later.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { pollUntil } from '@kemu/api';

export type ProcessState = 'running' | 'paused' | 'dead';

export interface StartedProcess {
  pid: number;
  /** Resolves with the exit code/signal if the process ends while this CLI still runs. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `command args` in its own process group with stdout+stderr appended to `log`. */
export function startDetached(
  command: string,
  args: string[],
  opts: { cwd: string; log: string; env?: NodeJS.ProcessEnv },
): StartedProcess {
  mkdirSync(dirname(opts.log), { recursive: true });
  const fd = openSync(opts.log, 'a');
  writeSync(fd, `# kemu: ${new Date().toISOString()} starting: ${command} ${args.join(' ')}\n`);
  try {
    const child = spawn(command, args, { cwd: opts.cwd, detached: true, stdio: ['ignore', fd, fd], env: opts.env ?? process.env });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', () => resolve({ code: 127, signal: null }));
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    return { pid: child.pid, exited };
  } finally {
    closeSync(fd);
  }
}

/**
 * The state of `pid`, checking (where /proc exists) that it still runs `marker` so a recycled pid
 * is not mistaken for the component. Zombies count as dead.
 */
export function processState(pid: number, marker?: string): ProcessState {
  if (!pid) return 'dead';
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return 'dead';
  }
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 'running';
  } // no procfs
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  if (state === 'Z' || state === 'X' || state === 'x') return 'dead';
  if (marker) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes(marker)) return 'dead';
    } catch {
      return 'dead';
    }
  }
  return state === 'T' || state === 't' ? 'paused' : 'running';
}

/** Sends `signal` to the process group of `pid` (falling back to the process alone). */
export function signalProcess(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    /* not a group leader */
  }
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Resolves true once `pid` is gone, false after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number, marker?: string): Promise<boolean> {
  try {
    await pollUntil(() => processState(pid, marker) === 'dead', { timeoutMs, intervalMs: 50 });
    return true;
  } catch {
    return false;
  }
}
