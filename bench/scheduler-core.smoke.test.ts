/** The in-process scheduler benchmark at toy sizes, so it keeps running (no timing assertions). */
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS benchmark module without types
import { runSchedulerCore } from './scheduler-core.js';

describe('npm run bench -- scheduler-core', () => {
  it('binds every pod and spreads the ReplicaSet evenly', async () => {
    const r = await runSchedulerCore({ nodes: 20, pods: 60 });
    expect(r).toMatchObject({ nodes: 20, pods: 60, bound: 60, perNodeMin: 3, perNodeMax: 3 });
    expect(r.podsPerSecond).toBeGreaterThan(0);
  }, 60_000);
});
