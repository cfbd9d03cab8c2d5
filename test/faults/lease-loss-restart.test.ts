/**
 * A scheduler that loses its Lease (the apiserver frozen past the renew deadline) ends its run,
 * as kube-scheduler exits, and comes back by itself after the kubelet's back-off (10 s): the same
 * process starts afresh and leads again once the apiserver answers. Before, it exited for good
 * and nothing restarted it.
 */
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { R, type KubeObject } from '@kemu/api';
import { RestClient } from '@kemu/client';
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

  it('starts again after the back-off and leads once the apiserver is back', async () => {
    redis = await startRedis();
    api = await startApiserverProcess(redis.url);
    const client = new RestClient({ servers: [api.url] });
    scheduler = spawn(
      process.execPath,
      [
        `${repoRoot}packages/scheduler/dist/main.js`,
        '--apiserver',
        api.url,
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
    scheduler.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
    });
    scheduler.stderr!.on('data', (b: Buffer) => {
      out += b.toString();
    });
    const lease = () => client.get<Lease>(R.leases, 'kube-system', 'kube-scheduler');
    const leading = () => out.split('"became leader"').length - 1;

    await until(async () => (await lease()).spec?.holderIdentity === 'scheduler-1' && leading() === 1, 20_000, 'scheduler-1 to lead');

    // Frozen past the renew deadline (6 s with fast): the scheduler's renewals cannot succeed.
    api.proc.kill('SIGSTOP');
    const frozenAt = Date.now();
    await until(() => out.includes('leaderelection lost'), 15_000, 'the scheduler to give up its lease');
    const lostAfterMs = Date.now() - frozenAt;
    api.proc.kill('SIGCONT');

    await until(() => out.includes('Starting again'), 20_000, 'the scheduler to start again after its back-off');
    await until(() => leading() === 2, 20_000, 'the restarted scheduler to lead');
    const renewed = (await lease()).spec;
    expect(renewed?.holderIdentity).toBe('scheduler-1');
    expect(Date.now() - Date.parse(renewed!.renewTime!)).toBeLessThan(4_000);
    expect(scheduler.exitCode).toBeNull();
    expect(out).toMatch(/"restartInMs":10000/);
    report('scheduler lease loss', { 'lease lost after the apiserver froze (ms)': lostAfterMs, 'leading again': 'yes, same process' });
    client.close();
  }, 90_000);
});
