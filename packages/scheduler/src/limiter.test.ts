import { describe, expect, it } from 'vitest';
import { Limiter } from './limiter.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('Limiter', () => {
  it('runs at most max tasks at once, the rest in arrival order', async () => {
    const l = new Limiter(2);
    const gates = [0, 1, 2, 3].map(() => deferred());
    const started: number[] = [];
    const done = gates.map((g, i) =>
      l.run(async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(l.pending).toBe(4);
    gates[1].resolve();
    await done[1];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    gates[0].resolve();
    gates[2].resolve();
    gates[3].resolve();
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3]);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(l.pending).toBe(0);
  });

  it('frees the slot when a task fails', async () => {
    const l = new Limiter(1);
    await expect(
      l.run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await l.run(async () => 7)).toBe(7);
    expect(l.pending).toBe(0);
  });

  it('rejects a max under 1', () => {
    expect(() => new Limiter(0)).toThrow();
  });
});
