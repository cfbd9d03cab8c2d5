import { describe, expect, it } from 'vitest';
import { FakeClock } from '@kemu/api';
import { runWorkers } from './controller-loop.js';
import { newRateLimitingQueue } from './workqueue/rate-limiting-queue.js';
import { waitFor } from './testing/wait.js';

describe('runWorkers', () => {
  it('syncs each key, retries failures with backoff, forgets on success', async () => {
    const clock = new FakeClock();
    const q = newRateLimitingQueue({ clock, baseDelayMs: 100, maxDelayMs: 1000 });
    const ctl = new AbortController();
    const seen: string[] = [];
    let failures = 2;
    const done = runWorkers(
      q,
      2,
      async (key) => {
        seen.push(key);
        if (key === 'bad' && failures-- > 0) throw new Error('transient');
      },
      { signal: ctl.signal },
    );
    q.add('a');
    q.add('bad');
    await waitFor(() => seen.length === 2);
    expect(q.numRequeues('bad')).toBe(1);
    await clock.advance(100);
    await waitFor(() => seen.length === 3);
    expect(q.numRequeues('bad')).toBe(2);
    await clock.advance(200);
    await waitFor(() => seen.length === 4);
    expect(q.numRequeues('bad')).toBe(0);
    expect(seen).toEqual(['a', 'bad', 'bad', 'bad']);
    ctl.abort();
    await done;
  });

  it('drops a key after maxRetries', async () => {
    const clock = new FakeClock();
    const q = newRateLimitingQueue({ clock, baseDelayMs: 1, maxDelayMs: 1 });
    const ctl = new AbortController();
    let calls = 0;
    const done = runWorkers(
      q,
      1,
      async () => {
        calls++;
        throw new Error('permanent');
      },
      { signal: ctl.signal, maxRetries: 3 },
    );
    q.add('k');
    for (let i = 0; i < 10; i++) {
      await waitFor(() => true);
      await clock.advance(1);
    }
    expect(calls).toBe(4);
    expect(q.numRequeues('k')).toBe(0);
    ctl.abort();
    await done;
  });

  it('never runs one key on two workers at once', async () => {
    const q = newRateLimitingQueue({ clock: new FakeClock() });
    const ctl = new AbortController();
    let running = 0;
    let maxRunning = 0;
    let total = 0;
    const release: (() => void)[] = [];
    const done = runWorkers(
      q,
      4,
      async () => {
        running++;
        total++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise<void>((r) => release.push(r));
        running--;
      },
      { signal: ctl.signal },
    );
    q.add('same');
    await waitFor(() => running === 1);
    q.add('same');
    q.add('same');
    await new Promise((r) => setImmediate(r));
    expect(running).toBe(1);
    release.shift()!();
    await waitFor(() => total === 2);
    release.shift()!();
    await waitFor(() => running === 0);
    expect(maxRunning).toBe(1);
    expect(total).toBe(2);
    ctl.abort();
    await done;
  });

  it('returns once the signal aborts', async () => {
    const q = newRateLimitingQueue();
    const ctl = new AbortController();
    const done = runWorkers(q, 3, async () => undefined, { signal: ctl.signal });
    ctl.abort();
    await done;
    expect(await q.get()).toBeUndefined();
  });
});
