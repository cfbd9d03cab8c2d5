/**
 * Starting, checking and stopping the recorded components of a cluster. Every operation works
 * from `ComponentRecord`s (state.json), so any `kemu` invocation can act on processes another
 * one started.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commandLine, type ComponentSpec } from './components.js';
import { checkHealth } from './health.js';
import { processState, signalProcess, startDetached, waitForExit, type ProcessState, type StartedProcess } from './processes.js';
import { logSinceLastStart, type SupervisorHost } from './component-supervisor.js';
import { paths, writeState, type ClusterState, type ComponentRecord } from './state.js';
import { pollUntil } from '@kemu/api';

export function recordFor(spec: ComponentSpec, home: string, root: string): ComponentRecord {
  const { command, args } = commandLine(spec, root);
  return {
    name: spec.name,
    kind: spec.kind,
    pid: 0,
    command,
    args,
    cwd: root,
    address: spec.address,
    health: spec.health,
    log: paths.log(home, spec.name),
    startedAt: '',
  };
}

/** What identifies the component's process in /proc/<pid>/cmdline. */
function marker(rec: ComponentRecord): string {
  return rec.command === 'node' ? rec.args[0] : rec.command;
}

export function stateOf(rec: ComponentRecord): ProcessState {
  return processState(rec.pid, marker(rec));
}

/** Starts the component's process and records its pid in `rec`. */
export function launch(rec: ComponentRecord): StartedProcess {
  if (rec.command === 'node' && !existsSync(rec.args[0])) {
    throw new Error(`${rec.name}: ${rec.args[0]} does not exist — build first (npm run build)`);
  }
  const p = startDetached(rec.command, rec.args, { cwd: rec.cwd, log: rec.log });
  rec.pid = p.pid;
  rec.startedAt = new Date().toISOString();
  return p;
}

/** The last `lines` lines of a component's log. */
export function logTail(log: string, lines = 20): string {
  if (!existsSync(log)) return '(no log)';
  const all = readFileSync(log, 'utf8').trimEnd().split('\n');
  return all.slice(-lines).join('\n');
}

/**
 * Resolves once the component answers its health check; rejects (with its log tail) if the
 * process exits first or the deadline passes.
 */
export async function awaitHealthy(rec: ComponentRecord, started: StartedProcess | undefined, timeoutMs: number): Promise<void> {
  let exit: string | undefined;
  void started?.exited.then((e) => {
    exit = e.signal ?? `code ${e.code}`;
  });
  try {
    await pollUntil(
      async () => {
        if (exit !== undefined || stateOf(rec) === 'dead') throw new Error(`${rec.name} exited (${exit ?? 'gone'})`);
        return await checkHealth(rec.health, 1000);
      },
      { timeoutMs, intervalMs: 200, what: `${rec.name} to answer ${describeHealth(rec)}` },
    );
  } catch (err) {
    const e = err as Error;
    const reason = exit !== undefined ? `${rec.name} exited (${exit}) before it became healthy` : e.message;
    throw new Error(`${reason}\n--- last lines of ${rec.log} ---\n${logTail(rec.log)}`);
  }
}

export function describeHealth(rec: ComponentRecord): string {
  return rec.health.type === 'http' ? rec.health.url : `PING on ${rec.health.host}:${rec.health.port}`;
}

/**
 * Stops components: SIGTERM (SIGCONT too, so a paused one can act on it), then SIGKILL whatever
 * is still there after `graceMs`. Returns the names that had to be killed.
 */
export async function terminate(recs: ComponentRecord[], graceMs: number): Promise<string[]> {
  const live = recs.filter((r) => stateOf(r) !== 'dead');
  for (const r of live) {
    signalProcess(r.pid, 'SIGTERM');
    signalProcess(r.pid, 'SIGCONT');
  }
  const killed: string[] = [];
  await Promise.all(
    live.map(async (r) => {
      if (await waitForExit(r.pid, graceMs, marker(r))) return;
      signalProcess(r.pid, 'SIGKILL');
      killed.push(r.name);
      await waitForExit(r.pid, 5000, marker(r));
    }),
  );
  return killed;
}

/** SIGKILLs a component and waits until it is gone. */
export async function kill(rec: ComponentRecord): Promise<boolean> {
  if (stateOf(rec) === 'dead') return false;
  signalProcess(rec.pid, 'SIGKILL');
  if (!(await waitForExit(rec.pid, 5000, marker(rec)))) throw new Error(`${rec.name} (pid ${rec.pid}) did not die on SIGKILL`);
  return true;
}

export function signal(rec: ComponentRecord, sig: NodeJS.Signals): boolean {
  if (stateOf(rec) === 'dead') return false;
  return signalProcess(rec.pid, sig);
}

/** The `kemu` entry script (dist/main.js), which `kemu supervise` runs. */
const CLI_MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

export function supervisorState(state: ClusterState): ProcessState {
  return processState(state.supervisorPid ?? 0, CLI_MAIN);
}

/**
 * Starts `kemu supervise` for the cluster in `state` (detached, log in logs/supervisor.log) and
 * records its pid in state.json.
 */
export function startSupervisor(state: ClusterState): number {
  const p = startDetached(process.execPath, [CLI_MAIN, 'supervise'], {
    cwd: process.cwd(),
    log: paths.log(state.home, 'supervisor'),
    env: { ...process.env, KEMU_HOME: state.home },
  });
  state.supervisorPid = p.pid;
  writeState(state);
  return p.pid;
}

/** Stops the supervisor first, so nothing is started again while the cluster is taken down. */
export async function stopSupervisor(state: ClusterState): Promise<void> {
  const pid = state.supervisorPid ?? 0;
  if (supervisorState(state) === 'dead') return;
  signalProcess(pid, 'SIGTERM');
  signalProcess(pid, 'SIGCONT');
  if (await waitForExit(pid, 3000, CLI_MAIN)) return;
  signalProcess(pid, 'SIGKILL');
  await waitForExit(pid, 3000, CLI_MAIN);
}

/** The real processes, for ComponentSupervisor; logs are JSON lines on stdout (the supervisor's log). */
export const processHost: SupervisorHost = {
  state: stateOf,
  launch,
  logTail: (rec) => logSinceLastStart(rec.log),
  log: (fields, msg) => {
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), msg, ...fields })}\n`);
  },
};
