import { describe, expect, it } from 'vitest';
import { FakeClock } from '@kemu/api';
import { HeartbeatScheduler } from './heartbeat-scheduler.js';

describe('HeartbeatScheduler', () => {
  it('beats each node at once, then every interval plus jitter, from one timer', async () => {
    const clock = new FakeClock(0);
    let r = 0;
    const s = new HeartbeatScheduler({ clock, intervalMs: 10_000, random: () => [0, 0.5, 1][r++ % 3] });
    const beats: [string, number][] = [];
    const abort = new AbortController();
    for (const n of ['a', 'b', 'c'])
      s.add(
        async () => {
          beats.push([n, clock.now()]);
        },
        abort.signal,
        n,
      );
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(0);
    expect(beats).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 0],
    ]);
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(10_400);
    // jitter 0, 0.5, 1 × 4 % of 10 s
    expect(beats.slice(3)).toEqual([
      ['a', 10_000],
      ['b', 10_200],
      ['c', 10_400],
    ]);
    abort.abort();
    await clock.advance(60_000);
    expect(beats).toHaveLength(6);
    expect(s.stats()).toMatchObject({ beats: 6, failures: 0 });
  });

  it('retries a failed beat sooner, backing off up to the interval, then returns to the interval', async () => {
    const clock = new FakeClock(0);
    const s = new HeartbeatScheduler({ clock, intervalMs: 1000, jitter: 0 });
    const at: number[] = [];
    let fail = 4;
    s.add(async () => {
      at.push(clock.now());
      if (fail-- > 0) throw new Error('apiserver down');
    }, new AbortController().signal);
    await clock.advance(5000);
    expect(at).toEqual([0, 200, 600, 1400, 2400, 3400, 4400]);
    expect(s.stats()).toMatchObject({ failures: 4 });
    s.close();
  });

  it('never overlaps a slow beat with itself', async () => {
    const clock = new FakeClock(0);
    const s = new HeartbeatScheduler({ clock, intervalMs: 1000, jitter: 0 });
    let running = 0,
      peak = 0,
      done = 0;
    const release: (() => void)[] = [];
    s.add(async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise<void>((r) => release.push(r));
      running--;
      done++;
    }, new AbortController().signal);
    await clock.advance(5000);
    expect(release).toHaveLength(1);
    release.shift()!();
    await clock.advance(0);
    await clock.advance(999);
    expect(done).toBe(1);
    expect(release).toHaveLength(0);
    await clock.advance(1);
    expect(release).toHaveLength(1);
    expect(peak).toBe(1);
    s.close();
  });

  it('keeps thousands of nodes on one timer', async () => {
    const clock = new FakeClock(0);
    const s = new HeartbeatScheduler({ clock, intervalMs: 10_000 });
    const abort = new AbortController();
    let n = 0;
    for (let i = 0; i < 5000; i++)
      s.add(async () => {
        n++;
      }, abort.signal);
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(0);
    expect(n).toBe(5000);
    await clock.advance(10_400);
    expect(n).toBe(10_000);
    abort.abort();
    s.close();
  });
});
