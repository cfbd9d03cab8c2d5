/** The store benchmark at toy sizes, so it keeps running (no timing assertions: CI machines vary). */
import { describe, expect, it } from 'vitest';
import { runStoreBench } from './store.js';

describe('npm run bench -- store', () => {
  it('measures CAS against the bare script, watch latency and a list, and reports them', async () => {
    const lines: string[] = [];
    const r = await runStoreBench({ secs: 0.2, reps: 1, conc: [1, 4], watchN: 30, listN: 60, listReps: 1 }, (l) => lines.push(l));
    const cas = r.cas!;
    expect(cas.map((c) => c.conc)).toEqual([1, 4]);
    for (const c of cas) {
      expect(c.kemu).toBeGreaterThan(0);
      expect(c.bare).toBeGreaterThan(0);
      expect(c.bareCodec).toBeGreaterThan(0);
      expect(c.bareEncode).toBeGreaterThan(0);
      expect(c.bareEncodeRatio).toBeCloseTo(c.bareEncode / c.bare, 2);
      expect(c.ratio).toBeCloseTo(c.kemu / c.bare, 2);
    }
    expect(r.watch).toMatchObject({ n: 30, received: 30 });
    expect(r.watch!.p99).toBeGreaterThan(0);
    expect(r.list).toMatchObject({ n: 60 });
    expect(r.list!.apiserverMs).toBeGreaterThan(0);
    expect(r.list!.storeListMs).toBeGreaterThan(0);
    expect(lines.join('\n')).toMatch(/kemu .* bare .* ratio/);
    expect(r.machine.nproc).toBeGreaterThan(0);
  }, 60_000);
});
