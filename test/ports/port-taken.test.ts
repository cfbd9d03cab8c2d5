/**
 * Every component whose port is already taken says so on stderr in one line naming the address
 * and exits non-zero, instead of failing silently or hanging (issue 11: a Service had taken the
 * apiserver's or a kubelet's address). Spawns the built entry points (npm test builds first);
 * each binds only a free port the test holds, so this is not a cluster test.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** No apiserver answers here: the components must fail on their port before they need one. */
const NO_APISERVER = 'http://127.0.0.1:1';
const NODE_IP = '127.10.250.1';

const held: Server[] = [];
afterEach(async () => {
  await Promise.all(held.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function holdPort(host: string): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, host, () => resolve()));
  held.push(s);
  return (s.address() as { port: number }).port;
}

function run(entry: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [`${root}/${entry}`, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    stderr += d;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

const cases: { name: string; host: string; prefix: string; command: (port: number) => [string, string[]] }[] = [
  {
    name: 'apiserver',
    host: '127.0.0.1',
    prefix: 'apiserver',
    command: (port) => ['packages/apiserver/dist/main.js', ['--port', String(port), '--bind-address', '127.0.0.1', '--storage', 'memory']],
  },
  {
    name: 'kubelet',
    host: NODE_IP,
    prefix: 'kubelet',
    command: (port) => [
      'packages/kubelet/dist/main.js',
      ['--apiserver', NO_APISERVER, '--node-name', 'node-port-taken', '--node-ip', NODE_IP, '--port', String(port)],
    ],
  },
  {
    name: 'hollow-nodes /healthz',
    host: '127.0.0.1',
    prefix: 'kubelet',
    command: (port) => [
      'packages/kubelet/dist/main.js',
      ['--apiserver', NO_APISERVER, '--hollow-nodes', '1', '--first-node-index', '64000', '--healthz-port', String(port)],
    ],
  },
  {
    name: 'proxy /healthz',
    host: NODE_IP,
    prefix: 'proxy',
    command: (port) => ['packages/proxy/dist/main.js', ['--apiserver', NO_APISERVER, '--node-ip', NODE_IP, '--healthz-port', String(port)]],
  },
  {
    name: 'scheduler /healthz',
    host: '127.0.0.1',
    prefix: 'kube-scheduler',
    command: (port) => ['packages/scheduler/dist/main.js', ['--apiserver', NO_APISERVER, '--healthz-port', String(port)]],
  },
  {
    name: 'controller-manager /healthz',
    host: '127.0.0.1',
    prefix: 'kube-controller-manager',
    command: (port) => ['packages/controller-manager/dist/main.js', ['--apiserver', NO_APISERVER, '--healthz-port', String(port)]],
  },
];

describe('a component whose port is taken', () => {
  for (const c of cases) {
    it(`${c.name}: says the address is already in use and exits non-zero`, async () => {
      const port = await holdPort(c.host);
      const [entry, args] = c.command(port);
      const { code, stderr } = await run(entry, args);
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      expect(stderr).toContain(`${c.prefix}: listen EADDRINUSE: address already in use ${c.host}:${port}\n`);
    });
  }
});
