import { describe, expect, it } from 'vitest';
import { comparePairs, figures, groupBenchmarks, higherIsBetter, resultLine } from './lib/paired.js';

describe('paired benchmark runs', () => {
  it('gives each benchmark the flags that follow its name', () => {
    expect(groupBenchmarks(['api', '--only', 'create', '--secs', '1', 'e2e', '--nodes', '100', 'store'], ['api', 'e2e', 'store'])).toEqual([
      { name: 'api', flags: ['--only', 'create', '--secs', '1'] },
      { name: 'e2e', flags: ['--nodes', '100'] },
      { name: 'store', flags: [] },
    ]);
    expect(() => groupBenchmarks(['--secs', '1', 'api'], ['api'])).toThrow(/before any benchmark/);
  });

  it('names figures by path, array rows by their concurrency, and skips what describes the run', () => {
    expect(
      figures({
        bench: 'api',
        date: 'x',
        machine: { nproc: 2 },
        environment: { nproc: 2 },
        storage: 'redis',
        create: [{ concurrency: 16, perSecond: 900 }],
        list: { medianMs: 30 },
        runs: [1, 2],
      }),
    ).toEqual({ 'create.c16.concurrency': 16, 'create.c16.perSecond': 900, 'list.medianMs': 30, 'runs.0': 1, 'runs.1': 2 });
  });

  it('compares the headline figures of each pair and takes medians of the ratios', () => {
    const api = (perSecond: number, p99Ms: number, listMs: number) => ({
      bench: 'api',
      create: [{ concurrency: 64, perSecond, p50Ms: 10, p99Ms, n: 1000 }],
      list: { pods: 100, medianMs: listMs },
    });
    const m = comparePairs('api', [
      { base: api(1000, 40, 30), current: api(1100, 40, 33) },
      { base: api(1000, 50, 30), current: api(900, 45, 30) },
      { base: api(800, 40, 20), current: api(1000, 30, 30) },
    ]);
    expect(Object.keys(m).sort()).toEqual(['create.c64.p50Ms', 'create.c64.p99Ms', 'create.c64.perSecond', 'list.medianMs']);
    expect(m['create.c64.perSecond']).toMatchObject({
      ratios: [1.1, 0.9, 1.25],
      medianRatio: 1.1,
      baseMedian: 1000,
      currentMedian: 1000,
      better: 'higher',
    });
    expect(m['list.medianMs']).toMatchObject({ ratios: [1.1, 1, 1.5], medianRatio: 1.1, better: 'lower' });
  });

  it('knows which way each figure improves', () => {
    const up = ['create.c64.perSecond', 'podsPerSecond', 'cas.c16.kemu', 'cas.c16.ratio', 'clusterIPRatio', 'direct.rps'];
    const down = ['create.c64.p99Ms', 'allRunningAndReadySeconds', 'cas.c16.clientUs.kemu', 'list.medianMs'];
    for (const path of up) expect(higherIsBetter(path), path).toBe(true);
    for (const path of down) expect(higherIsBetter(path), path).toBe(false);
  });

  it('finds the JSON line after the summary', () => {
    expect(resultLine('# header\napi: summary\n{"bench":"api","x":1}\n')).toEqual({ bench: 'api', x: 1 });
    expect(resultLine('no result\n')).toBeUndefined();
  });
});
