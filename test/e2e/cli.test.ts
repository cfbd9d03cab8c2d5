/**
 * The built `kemu` command on its own: no cluster, bad names, and the process supervision verbs
 * against a recorded component that is a small real HTTP server (so nothing else of kemu is needed).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '@kemu/api';
import type { ClusterState } from '@kemu/cli';
import { freePort } from '../support/redis-server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'packages/cli/bin/kemu.js');

/** The process is gone (or a zombie nobody reaped — PID 1 of some sandboxes never does). */
function gone(pid: number): boolean {
  try {
    return /^\S+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function kemu(home: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env: { ...process.env, KEMU_HOME: home }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('kemu without a cluster', () => {
  const home = mkdtempSync(join(tmpdir(), 'kemu-cli-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('status says there is no cluster and fails', async () => {
    const r = await kemu(home, 'status');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No kemu cluster');
    expect(r.stderr).toContain('kemu up');
  });

  it('chaos verbs explain that there is no cluster', async () => {
    const r = await kemu(home, 'kill', 'apiserver');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no kemu cluster/);
  });

  it('down with nothing running is harmless', async () => {
    const r = await kemu(home, 'down');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No kemu cluster');
  });

  it('up rejects bad flags before starting anything', async () => {
    const r = await kemu(home, 'up', '--nodes', '0');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--nodes must be an integer from 1');
    const p = await kemu(home, 'up', '--profile', 'slow');
    expect(p.code).not.toBe(0);
    expect(p.stderr).toMatch(/fast.*realistic/);
    expect(existsSync(join(home, 'state.json'))).toBe(false);
  });
});

describe('kemu supervising a recorded component', () => {
  const home = mkdtempSync(join(tmpdir(), 'kemu-cli-'));
  let port: number;
  let state: ClusterState;

  const currentPid = () => (JSON.parse(readFileSync(join(home, 'state.json'), 'utf8')) as ClusterState).components[0].pid;

  beforeAll(async () => {
    port = await freePort();
    // A tiny real server standing in as the recorded "apiserver" process: answers /readyz.
    const script = join(home, 'fake-apiserver.js');
    writeFileSync(
      script,
      `
      const http = require('node:http');
      const port = Number(process.argv[process.argv.indexOf('--port') + 1]);
      http.createServer((req, res) => { res.end('ok'); }).listen(port, '127.0.0.1',
        () => console.log(JSON.stringify({ msg: 'listening', port })));
      process.on('SIGTERM', () => { console.log(JSON.stringify({ msg: 'stopping' })); process.exit(0); });
      // As a leader-elected component exits after losing its Lease (runComponent logs the code last).
      process.on('SIGUSR2', () => { console.log(JSON.stringify({ exitCode: 75, msg: 'Exiting' })); process.exit(75); });`,
    );
    mkdirSync(join(home, 'logs'), { recursive: true });
    state = {
      version: 1,
      home,
      createdAt: new Date().toISOString(),
      profile: 'fast',
      storage: 'memory',
      apiserver: `http://127.0.0.1:${port}`,
      nodes: 0,
      kubeconfig: join(home, 'kubeconfig'),
      components: [
        {
          name: 'apiserver',
          kind: 'apiserver',
          pid: 0,
          command: 'node',
          args: [script, '--port', String(port)],
          cwd: home,
          address: `127.0.0.1:${port}`,
          health: { type: 'http', url: `http://127.0.0.1:${port}/readyz` },
          log: join(home, 'logs', 'apiserver.log'),
          startedAt: '',
        },
      ],
    };
    writeFileSync(join(home, 'state.json'), JSON.stringify(state));
  });

  afterAll(async () => {
    await kemu(home, 'down');
    rmSync(home, { recursive: true, force: true });
  });

  it('restart starts a stopped component with its recorded command', async () => {
    const r = await kemu(home, 'restart', 'apiserver');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/apiserver restarted \(pid \d+\)/);
    expect(currentPid()).toBeGreaterThan(0);
  });

  it('status shows it healthy with its pid and address', async () => {
    const r = await kemu(home, 'status');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[1]).toContain('supervisor: not running');
    expect(lines[2]).toMatch(/^COMPONENT\s+PID\s+ADDRESS\s+HEALTHY\s+LEADER\s+RESTARTS\s+LAST EXIT$/);
    expect(lines[3]).toMatch(new RegExp(`^apiserver\\s+${currentPid()}\\s+127\\.0\\.0\\.1:${port}\\s+yes\\s+-\\s+0\\s+-$`));
  });

  it('up refuses while the recorded cluster still runs and points at kemu down', async () => {
    const r = await kemu(home, 'up', '--port', String(await freePort()));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('still running');
    expect(r.stderr).toContain('kemu down');
  });

  it('pause and resume stop and continue the process', async () => {
    await kemu(home, 'pause', 'apiserver');
    expect((await kemu(home, 'status')).stdout).toMatch(/apiserver\s+\d+\s+\S+\s+paused/);
    await kemu(home, 'resume', 'apiserver');
    expect((await kemu(home, 'status')).stdout).toMatch(/apiserver\s+\d+\s+\S+\s+yes/);
  });

  it('kill SIGKILLs it and status shows it down; restart brings a new process', async () => {
    const before = currentPid();
    expect((await kemu(home, 'kill', 'apiserver')).stdout).toContain(`apiserver (pid ${before}) killed`);
    expect((await kemu(home, 'status')).stdout).toMatch(/apiserver\s+-\s+\S+\s+stopped\s+-\s+0\s+kemu kill/);
    await kemu(home, 'restart', 'apiserver');
    expect(currentPid()).not.toBe(before);
    expect((await kemu(home, 'status')).stdout).toMatch(/apiserver\s+\d+\s+\S+\s+yes/);
  });

  it('the supervisor starts again what exits on its own, counts it, and leaves what kemu kill ended down', async () => {
    const supervisor = spawn(process.execPath, [bin, 'supervise'], { cwd: root, env: { ...process.env, KEMU_HOME: home } });
    let out = '';
    supervisor.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    const row = async () => (await kemu(home, 'status')).stdout.split('\n').find((l) => l.startsWith('apiserver')) ?? '';
    try {
      await pollUntil(() => out.includes('Supervising'), { timeoutMs: 10_000, intervalMs: 50, what: 'the supervisor to start' });
      // Started by the CLI: the reason is read from the end of its log.
      const first = currentPid();
      process.kill(first, 'SIGUSR2');
      await pollUntil(() => currentPid() !== first && out.includes('Started again'), {
        timeoutMs: 15_000,
        intervalMs: 100,
        what: 'the supervisor to start it again',
      });
      await pollUntil(async () => / yes\s+-\s+1\s+lost leadership$/.test(await row()), { timeoutMs: 10_000, intervalMs: 200 });
      // Started by the supervisor: its exit is known exactly.
      const second = currentPid();
      process.kill(second, 'SIGSEGV');
      await pollUntil(async () => currentPid() !== second && / yes\s+-\s+2\s+SIGSEGV$/.test(await row()), {
        timeoutMs: 15_000,
        intervalMs: 200,
        what: 'the second restart',
      });

      // kemu kill: left down until kemu start.
      const third = currentPid();
      await kemu(home, 'kill', 'apiserver');
      await pollUntil(() => out.includes('Left down'), { timeoutMs: 10_000, intervalMs: 50, what: 'the supervisor to leave it down' });
      expect(currentPid()).toBe(third);
      expect(await row()).toMatch(/stopped\s+-\s+2\s+kemu kill$/);
      expect((await kemu(home, 'start', 'apiserver')).stdout).toMatch(/apiserver started \(pid \d+\)/);
      expect(await row()).toMatch(/ yes\s+-\s+2\s+kemu kill$/);
    } finally {
      supervisor.kill('SIGTERM');
    }
  }, 60_000);

  it('logs prints what the component wrote', async () => {
    const r = await kemu(home, 'logs', 'apiserver');
    expect(r.stdout).toContain('"msg":"listening"');
  });

  it('down stops it with SIGTERM and forgets the cluster but keeps the logs', async () => {
    const pid = currentPid();
    const r = await kemu(home, 'down');
    expect(r.code).toBe(0);
    expect(gone(pid)).toBe(true);
    expect(existsSync(join(home, 'state.json'))).toBe(false);
    expect(readFileSync(join(home, 'logs', 'apiserver.log'), 'utf8')).toContain('"msg":"stopping"');
  });
});
