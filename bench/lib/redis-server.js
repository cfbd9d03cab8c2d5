/** A throwaway redis-server without persistence (`--save "" --appendonly no`) on a free port. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@kemu/cli';

/** @returns {Promise<{ url: string, pid: number, version: string, stop(): Promise<void> }>} */
export async function startRedis() {
  const dir = mkdtempSync(join(tmpdir(), 'kemu-bench-redis-'));
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const version = await new Promise((resolve, reject) => {
    let out = '';
    const onData = (b) => {
      out += b.toString();
      if (out.includes('Ready to accept connections')) {
        proc.stdout.off('data', onData);
        resolve(/version=([0-9.]+)/.exec(out)?.[1] ?? 'unknown');
      }
    };
    proc.stdout.on('data', onData);
    proc.once('error', (err) => reject(new Error(`redis-server did not start (apt-get install -y redis-server): ${err.message}`)));
    proc.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
  });
  proc.stdout.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: proc.pid,
    version,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
