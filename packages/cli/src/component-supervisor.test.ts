import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '@kemu/api';
import { EXIT_LEADERSHIP_LOST } from '@kemu/client';
import { afterEach, describe, expect, it } from 'vitest';
import { ComponentSupervisor, exitReason, type ProcessExit, type SupervisorHost } from './component-supervisor.js';
import type { ProcessState } from './processes.js';
import { readState, updateComponent, writeState, type ClusterState, type ComponentRecord } from './state.js';

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

function record(name: string, pid: number, startedAt: number): ComponentRecord {
  return {
    name,
    kind: 'scheduler',
    pid,
    command: 'node',
    args: [`/x/${name}.js`],
    cwd: '/',
    address: '-',
    health: { type: 'http', url: 'http://127.0.0.1:1/healthz' },
    log: '/dev/null',
    startedAt: new Date(startedAt).toISOString(),
  };
}

/** A cluster in a temporary KEMU_HOME, fake processes and a fake clock. */
function fixture(profile = 'fast') {
  const home = mkdtempSync(join(tmpdir(), 'kemu-supervisor-'));
  homes.push(home);
  const clock = new FakeClock();
  const state: ClusterState = {
    version: 1,
    home,
    createdAt: 'c1',
    profile,
    storage: 'memory',
    apiserver: 'http://127.0.0.1:1',
    nodes: 1,
    kubeconfig: '/dev/null',
    components: [record('scheduler-1', 100, clock.now()), record('apiserver', 200, clock.now())],
  };
  writeState(state);
  const procs = new Map<number, ProcessState>([
    [100, 'running'],
    [200, 'running'],
  ]);
  const exits = new Map<number, (e: ProcessExit) => void>();
  const logs = new Map<string, string>();
  const launches: string[] = [];
  let nextPid = 1000;
  const host: SupervisorHost = {
    state: (rec) => procs.get(rec.pid) ?? 'dead',
    launch: (rec) => {
      const pid = nextPid++;
      procs.set(pid, 'running');
      rec.pid = pid;
      rec.startedAt = new Date(clock.now()).toISOString();
      launches.push(`${rec.name} ${pid}`);
      return { pid, exited: new Promise((resolve) => exits.set(pid, resolve)) };
    },
    logTail: (rec) => logs.get(rec.name) ?? '',
    log: () => {},
  };
  const sup = new ComponentSupervisor(home, 'c1', profile, host, { clock });
  const rec = (name: string) => readState(home)!.components.find((c) => c.name === name)!;
  /** Ends a process: its exit (when this supervisor started it) and its state. */
  const end = async (pid: number, exit: ProcessExit = { code: 1, signal: null }) => {
    procs.set(pid, 'dead');
    exits.get(pid)?.(exit);
    await Promise.resolve();
  };
  /** Ticks every 250 ms for `ms`. */
  const run = async (ms: number) => {
    for (let t = 0; t <= ms; t += 250) {
      sup.tick();
      await clock.advance(250);
    }
  };
  return { home, clock, sup, procs, logs, launches, rec, end, run };
}

describe('ComponentSupervisor', () => {
  it('starts a component that exited on its own again after the back-off, counting it with the reason', async () => {
    const f = fixture();
    await f.run(500);
    f.logs.set('scheduler-1', `{"msg":"leaderelection lost"}\n{"exitCode":${EXIT_LEADERSHIP_LOST},"msg":"Exiting"}\n`);
    await f.end(100);
    await f.run(750);
    expect(f.launches).toEqual([]);
    expect(f.rec('scheduler-1')).toMatchObject({ lastExit: 'lost leadership' });
    await f.run(500);
    expect(f.launches).toEqual(['scheduler-1 1000']);
    expect(f.rec('scheduler-1')).toMatchObject({ pid: 1000, restarts: 1, lastExit: 'lost leadership' });
    expect(f.rec('apiserver').restarts).toBeUndefined();
  });

  it('doubles the back-off while a component keeps failing, and knows the exits of what it started', async () => {
    const f = fixture();
    const restartTimes: number[] = [];
    let pid = 100;
    for (let i = 0; i < 5; i++) {
      await f.end(pid, i === 0 ? undefined : { code: null, signal: 'SIGSEGV' });
      const diedAt = f.clock.now();
      const before = f.launches.length;
      while (f.launches.length === before) await f.run(0);
      restartTimes.push(Math.round((f.clock.now() - diedAt) / 1000));
      pid = f.rec('scheduler-1').pid;
    }
    // 1 s, 2 s, 4 s, 8 s, then the fast profile's cap of 10 s (the tick adds at most 250 ms).
    expect(restartTimes).toEqual([1, 2, 4, 8, 10]);
    expect(f.rec('scheduler-1')).toMatchObject({ restarts: 5, lastExit: 'SIGSEGV' });
  });

  it('leaves what kemu kill or kemu stop ended down, and follows what kemu start started', async () => {
    const f = fixture();
    await f.run(250);
    updateComponent(f.home, 'scheduler-1', (r) => {
      r.stopped = true;
      r.lastExit = 'kemu kill';
    });
    await f.end(100);
    await f.run(60_000);
    expect(f.launches).toEqual([]);
    expect(f.rec('scheduler-1')).toMatchObject({ stopped: true, lastExit: 'kemu kill' });

    // kemu start: a new pid, stopped cleared; when that one crashes it is started again.
    f.procs.set(500, 'running');
    updateComponent(f.home, 'scheduler-1', (r) => {
      r.pid = 500;
      r.stopped = false;
      r.startedAt = new Date(f.clock.now()).toISOString();
    });
    await f.run(1000);
    expect(f.launches).toEqual([]);
    await f.end(500);
    await f.run(1500);
    expect(f.launches).toEqual(['scheduler-1 1000']);
  });

  it('stops when the cluster is gone', () => {
    const f = fixture();
    expect(f.sup.tick()).toBe(true);
    rmSync(join(f.home, 'state.json'));
    expect(f.sup.tick()).toBe(false);
  });
});

describe('exitReason', () => {
  it.each([
    [{ code: 1, signal: null }, '', 'exit code 1'],
    [{ code: null, signal: 'SIGKILL' }, '', 'SIGKILL'],
    [{ code: EXIT_LEADERSHIP_LOST, signal: null }, '', 'lost leadership'],
    [{ code: null, signal: 'SIGABRT' }, 'FATAL ERROR: Reached heap limit Allocation failed', 'OOM'],
    [undefined, '{"exitCode":1,"msg":"Exiting"}', 'exit code 1'],
    [undefined, `{"exitCode":${EXIT_LEADERSHIP_LOST},"msg":"Exiting"}`, 'lost leadership'],
    [undefined, '<--- JS stacktrace --->\nFATAL ERROR: JavaScript heap out of memory', 'OOM'],
    [undefined, '', 'exited'],
  ] as const)('%j with log %j is %s', (exit, log, reason) => {
    expect(exitReason(exit as ProcessExit | undefined, log)).toBe(reason);
  });
});
