/**
 * Smoke runs of the cluster benchmarks (nodes, scheduler, e2e, api, proxy, chaos) at tiny sizes,
 * so they do not rot: each must exit 0 and end with its JSON line. No timing is asserted —
 * benchmarks are not tests. They start clusters (proxy and chaos bind 127.10.0.201+), so run
 * this file under the e2e lock: flock /tmp/kemu-e2e.lock npx vitest run bench/cluster-bench.smoke.test.ts
 * (needs the built packages: npx tsc -b; and Debian's wrk for proxy).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function bench(name: string, args: string[], timeoutMs: number): Promise<{ code: number; json: Record<string, any>; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [`bench/${name}.js`, ...args, '--no-record'],
      { cwd: root, timeout: timeoutMs, maxBuffer: 32 << 20 },
      (err, stdout, stderr) => {
        const last = stdout.trim().split('\n').pop() ?? '';
        let json: Record<string, any> = {};
        try {
          json = JSON.parse(last);
        } catch {
          /* reported below */
        }
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, json, out: `${stdout}\n${stderr.slice(-4000)}` });
      },
    );
  });
}

describe('cluster benchmarks (smoke, tiny sizes)', () => {
  const cases: [string, string[], (j: Record<string, any>) => void][] = [
    [
      'nodes',
      ['--sizes', '10,30', '--hold', '2'],
      (j) => {
        expect(j.sizes.map((s: { nodes: number }) => s.nodes)).toEqual([10, 30]);
        expect(j.sizes[1].hold.readyAtEnd).toBe(30);
        expect(typeof j.marginalRssPerNodeKB).toBe('number');
      },
    ],
    ['scheduler', ['--nodes', '10', '--pods', '50'], (j) => expect(j).toMatchObject({ nodes: 10, pods: 50 })],
    [
      'e2e',
      ['--nodes', '10', '--replicas', '30'],
      (j) => {
        expect(j).toMatchObject({ nodes: 10, replicas: 30, mode: 'status-only' });
        expect(j.startupLatencyMs.p99).toBeGreaterThanOrEqual(j.startupLatencyMs.p50);
      },
    ],
    [
      'api',
      ['--storage', 'redis', '--conc', '1,4', '--secs', '0.5', '--list-n', '100', '--list-reps', '1', '--watchers', '5', '--events', '5'],
      (j) => {
        expect(j.create.map((c: { concurrency: number }) => c.concurrency)).toEqual([1, 4]);
        expect(j.list.pods).toBeGreaterThanOrEqual(100);
        expect(j.watch.delivered).toBe(25);
      },
    ],
    [
      'proxy',
      ['--secs', '1', '--rounds', '1', '--conc', '4'],
      (j) => {
        expect(j.direct.rps).toBeGreaterThan(0);
        expect(j.clusterIP.rps).toBeGreaterThan(0);
        expect(j.nodePort.rps).toBeGreaterThan(0);
        for (const path of [j.direct, j.clusterIP, j.nodePort]) expect(path.errors).toMatchObject({ total: expect.any(Number) });
      },
    ],
    [
      'chaos',
      ['--streak', '3'],
      (j) => {
        expect(j.node.notReadySeconds).toBeGreaterThan(0);
        expect(j.scheduler.leader).not.toBe(j.scheduler.killed);
        expect(j.controllerManager.leader).not.toBe(j.controllerManager.killed);
      },
    ],
  ];
  for (const [name, args, check] of cases) {
    it(`${name} runs and prints its JSON line`, async () => {
      const r = await bench(name, args, 110_000);
      expect(r.code, r.out).toBe(0);
      expect(r.json.bench, r.out).toBe(name);
      expect(r.json.environment.commit, 'every result records its commit and environment').toBe(r.json.commit);
      expect(r.json.environment.loadavgAtStart).toHaveLength(3);
      check(r.json);
    }, 120_000);
  }
});
