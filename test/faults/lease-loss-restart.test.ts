/**
 * A scheduler that loses its Lease (the apiserver frozen past the renew deadline) exits with
 * EXIT_LEADERSHIP_LOST (75), as kube-scheduler exits, so that its supervisor (`kemu supervise`,
 * tested in packages/cli, or docker compose) restarts it, counts the restart and reports "lost
 * leadership". Started afresh, it leads again once the apiserver answers.
 */
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { R, type KubeObject } from '@kemu/api';
import { EXIT_LEADERSHIP_LOST, RestClient } from '@kemu/client';
import { startRedis, type RedisServer } from '../support/redis-server.js';
import { repoRoot, report, startApiserverProcess, until, type Apiserver } from './processes.js';

interface Lease extends KubeObject {
  spec?: { holderIdentity?: string; renewTime?: string };
}

describe('a scheduler that loses its Lease', () => {
  let redis: RedisServer | undefined;
  let api: Apiserver | undefined;
  let scheduler: ReturnType<typeof spawn> | undefined;
  afterAll(async () => {
    scheduler?.kill('SIGKILL');
    if (api) {
      api.proc.kill('SIGCONT');
      await api.kill();
    }
    await redis?.stop();
  });

  it('exits with EXIT_LEADERSHIP_LOST; started again, it leads once the apiserver is back', async () => {
    redis = await startRedis();
    api = await startApiserverProcess(redis.url);
    const client = new RestClient({ servers: [api.url] });
    const start = () =>
      spawn(
        process.execPath,
        [
          `${repoRoot}packages/scheduler/dist/main.js`,
          '--apiserver',
          api!.url,
          '--id',
          'scheduler-1',
          '--healthz-port',
          '0',
          '--profile',
          'fast',
        ],
        { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
      );
    let out = '';
    const capture = (p: ReturnType<typeof spawn>) => {
      p.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
      });
      p.stderr!.on('data', (b: Buffer) => {
        out += b.toString();
      });
    };
    scheduler = start();
    capture(scheduler);
    const lease = () => client.get<Lease>(R.leases, 'kube-system', 'kube-scheduler');
    const leading = () => out.split('"became leader"').length - 1;

    await until(async () => (await lease()).spec?.holderIdentity === 'scheduler-1' && leading() === 1, 20_000, 'scheduler-1 to lead');

    // Frozen past the renew deadline (8 s with fast): the scheduler's renewals cannot succeed.
    api.proc.kill('SIGSTOP');
    const frozenAt = Date.now();
    await until(() => out.includes('leaderelection lost'), 15_000, 'the scheduler to give up its lease');
    const lostAfterMs = Date.now() - frozenAt;
    api.proc.kill('SIGCONT');

    const first = scheduler;
    const exitCode = await new Promise<number | null>((resolve) => {
      if (first.exitCode !== null) resolve(first.exitCode);
      else first.once('exit', (code) => resolve(code));
    });
    expect(exitCode).toBe(EXIT_LEADERSHIP_LOST);
    expect(out).toContain(`"exitCode":${EXIT_LEADERSHIP_LOST}`);

    // What the supervisor does: start it again.
    scheduler = start();
    capture(scheduler);
    await until(() => leading() === 2, 20_000, 'the restarted scheduler to lead');
    const renewed = (await lease()).spec;
    expect(renewed?.holderIdentity).toBe('scheduler-1');
    expect(Date.now() - Date.parse(renewed!.renewTime!)).toBeLessThan(4_000);
    report('scheduler lease loss', { 'lease lost after the apiserver froze (ms)': lostAfterMs, 'exit code': exitCode ?? 'signal' });
    client.close();
  }, 90_000);
});
