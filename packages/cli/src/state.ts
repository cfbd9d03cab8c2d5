/**
 * `$KEMU_HOME/state.json`: what `kemu up` started, so later `kemu` invocations (separate processes)
 * can find, signal and restart the components. Written atomically (temp file + rename).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ComponentKind, HealthCheck } from './components.js';

export interface ComponentRecord {
  name: string;
  kind: ComponentKind;
  /** pid of the last process started for this component (0 = never started). */
  pid: number;
  command: string;
  args: string[];
  cwd: string;
  address: string;
  health: HealthCheck;
  log: string;
  startedAt: string;
  /** Times the supervisor started it again after it exited on its own. */
  restarts?: number;
  /** Why the last process ended: `exit code 1`, `SIGSEGV`, `OOM`, `lost leadership`, `kemu kill`… */
  lastExit?: string;
  /**
   * Ended by `kemu kill` or `kemu stop`: the supervisor leaves it down until `kemu start` or
   * `kemu restart`, so a chaos experiment means what it says.
   */
  stopped?: boolean;
}

export interface ClusterState {
  version: 1;
  home: string;
  createdAt: string;
  profile: string;
  storage: 'redis' | 'memory';
  apiserver: string;
  /** Every apiserver URL when there are several (`kemu up --apiservers N`); `apiserver` is the first. */
  apiservers?: string[];
  nodes: number;
  kubeconfig: string;
  components: ComponentRecord[];
  /** pid of `kemu supervise`, which restarts components that exit on their own (0/absent: none). */
  supervisorPid?: number;
}

/** `$KEMU_HOME`, default `./.kemu`, always absolute. */
export function kemuHome(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.KEMU_HOME || '.kemu');
}

export const paths = {
  state: (home: string) => join(home, 'state.json'),
  logs: (home: string) => join(home, 'logs'),
  log: (home: string, component: string) => join(home, 'logs', `${component}.log`),
  redisDir: (home: string) => join(home, 'redis'),
  kubeconfig: (home: string) => join(home, 'kubeconfig'),
  pki: (home: string) => join(home, 'pki'),
};

export function readState(home: string): ClusterState | undefined {
  const file = paths.state(home);
  if (!existsSync(file)) return undefined;
  const state = JSON.parse(readFileSync(file, 'utf8')) as ClusterState;
  if (state.version !== 1) throw new Error(`${file}: unsupported state version ${String(state.version)}`);
  return state;
}

export function writeState(state: ClusterState): void {
  mkdirSync(state.home, { recursive: true });
  const file = paths.state(state.home);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  renameSync(tmp, file);
}

export function removeState(home: string): void {
  rmSync(paths.state(home), { force: true });
}

/**
 * Re-reads state.json and writes it back with `fn` applied to one component's record, at once:
 * the CLI and the supervisor both write the file, and each changes only what it owns.
 * Returns the updated record (undefined when there is no cluster or no such component).
 */
export function updateComponent(home: string, name: string, fn: (rec: ComponentRecord) => void): ComponentRecord | undefined {
  const state = readState(home);
  const rec = state?.components.find((c) => c.name === name);
  if (!state || !rec) return undefined;
  fn(rec);
  writeState(state);
  return rec;
}

export function findComponent(state: ClusterState, name: string): ComponentRecord {
  const c = state.components.find((x) => x.name === name);
  if (!c) throw new Error(`component "${name}" is not part of this cluster`);
  return c;
}
