import { describe, expect, it } from 'vitest';
import { FakeClock } from '@kemu/api';
import { Queue } from './queue.js';
import { DelayingQueue } from './delaying-queue.js';
import { newRateLimitingQueue } from './rate-limiting-queue.js';

describe('Queue', () => {
  it('hands out keys in FIFO order', async () => {
    const q = new Queue();
    q.add('a');
    q.add('b');
    q.add('c');
    expect([await q.get(), await q.get(), await q.get()]).toEqual(['a', 'b', 'c']);
  });

  it('queues a key added while queued only once', async () => {
    const q = new Queue();
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.len()).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
    expect(q.len()).toBe(0);
  });

  it('re-queues a key added while processing only after done', async () => {
    const q = new Queue();
    q.add('a');
    const k = await q.get();
    q.add('a');
    expect(q.len()).toBe(0);
    let second: string | undefined;
    void q.get().then((v) => {
      second = v;
    });
    await Promise.resolve();
    expect(second).toBeUndefined();
    q.done(k!);
    await Promise.resolve();
    expect(second).toBe('a');
  });

  it('wakes a waiting get when a key arrives', async () => {
    const q = new Queue();
    const p = q.get();
    q.add('x');
    expect(await p).toBe('x');
  });

  it('drains remaining keys after shutDown, then resolves undefined', async () => {
    const q = new Queue();
    q.add('a');
    q.shutDown();
    q.add('b');
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBeUndefined();
  });

  it('releases waiting gets on shutDown', async () => {
    const q = new Queue();
    const ps = [q.get(), q.get()];
    q.shutDown();
    expect(await Promise.all(ps)).toEqual([undefined, undefined]);
  });

  it('shutDownWithDrain waits for keys in processing', async () => {
    const q = new Queue();
    q.add('a');
    const k = await q.get();
    let drained = false;
    const p = q.shutDownWithDrain().then(() => {
      drained = true;
    });
    await Promise.resolve();
    expect(drained).toBe(false);
    q.done(k!);
    await p;
    expect(drained).toBe(true);
  });
});

describe('DelayingQueue', () => {
  it('adds a key once its delay has passed on the clock', async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue(clock);
    q.addAfter('a', 1000);
    expect(q.len()).toBe(0);
    await clock.advance(999);
    expect(q.len()).toBe(0);
    await clock.advance(1);
    expect(q.len()).toBe(1);
    expect(await q.get()).toBe('a');
  });

  it('keeps the earlier ready time for a key added twice', async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue(clock);
    q.addAfter('a', 5000);
    q.addAfter('a', 100);
    q.addAfter('a', 3000);
    await clock.advance(100);
    expect(q.len()).toBe(1);
    await q.get().then((k) => q.done(k!));
    await clock.advance(10_000);
    expect(q.len()).toBe(0);
  });

  it('adds at once for a non-positive delay', () => {
    const q = new DelayingQueue(new FakeClock());
    q.addAfter('a', 0);
    expect(q.len()).toBe(1);
  });

  it('cancels waiting keys on shutDown', async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue(clock);
    q.addAfter('a', 10);
    q.shutDown();
    expect(clock.pendingTimers()).toBe(0);
    expect(await q.get()).toBeUndefined();
  });
});

describe('RateLimitingQueue', () => {
  it('backs off exponentially per key up to the cap and forgets', async () => {
    const clock = new FakeClock();
    const q = newRateLimitingQueue({ clock, baseDelayMs: 10, maxDelayMs: 50 });
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = clock.now();
      q.addRateLimited('k');
      while (q.len() === 0) await clock.advance(1);
      delays.push(clock.now() - start);
      q.done((await q.get())!);
    }
    expect(delays).toEqual([10, 20, 40, 50, 50]);
    expect(q.numRequeues('k')).toBe(5);
    q.forget('k');
    expect(q.numRequeues('k')).toBe(0);
    q.addRateLimited('k');
    await clock.advance(9);
    expect(q.len()).toBe(0);
    await clock.advance(1);
    expect(q.len()).toBe(1);
  });

  it('tracks keys independently', () => {
    const q = newRateLimitingQueue({ clock: new FakeClock(), baseDelayMs: 5 });
    q.addRateLimited('a');
    q.addRateLimited('a');
    q.addRateLimited('b');
    expect(q.numRequeues('a')).toBe(2);
    expect(q.numRequeues('b')).toBe(1);
  });
});
