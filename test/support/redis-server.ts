/**
 * A real redis-server on a random free port, for tests. Uses a throwaway data dir; pass
 * `appendonly` to test durability. Throws a clear error when redis-server is not installed.
 */
import { spawn, type ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@kemu/cli';

export interface RedisServer {
  port: number;
  url: string;
  dir: string;
  process: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** The cli's free-port helper, for tests (`kemu up` picks its ports with it). */
export { freePort };

/**
 * Throws unless redis-server is installed. The store tests and the cluster suites run against a
 * real Redis; none of them falls back to the in-memory store.
 */
export function requireRedisServer(): void {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('redis-server is not installed (the cluster suites and store tests need it): apt-get install -y redis-server');
  }
}

export async function startRedis(opts: { appendonly?: boolean; dir?: string; port?: number } = {}): Promise<RedisServer> {
  requireRedisServer();
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'kemu-redis-'));
  const port = opts.port ?? (await freePort());
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    opts.appendonly ? 'yes' : 'no',
    '--appendfsync',
    'always',
  ];
  const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes('Ready to accept connections')) {
        proc.stdout!.off('data', onData);
        resolve();
      }
    };
    proc.stdout!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
  });
  proc.stdout!.resume();
  return {
    port,
    dir,
    process: proc,
    url: `redis://127.0.0.1:${port}`,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill(signal);
        await exited;
      }
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
