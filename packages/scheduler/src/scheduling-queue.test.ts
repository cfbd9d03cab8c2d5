import { describe, expect, it } from 'vitest';
import { FakeClock } from '@kemu/api';
import { SchedulingQueue } from './scheduling-queue.js';
import { makePod } from './testing/fixtures.js';

function setup() {
  const clock = new FakeClock();
  return { clock, q: new SchedulingQueue({ clock, initialBackoffMs: 1000, maxBackoffMs: 10_000, unschedulableTimeoutMs: 60_000 }) };
}

describe('SchedulingQueue', () => {
  it('pops higher priority first, then oldest first', async () => {
    const { q, clock } = setup();
    q.add(makePod('a'));
    await clock.advance(1);
    q.add(makePod('b', { spec: { priority: 10 } }));
    await clock.advance(1);
    q.add(makePod('c'));
    const order = [];
    for (let i = 0; i < 3; i++) order.push((await q.pop())!.key);
    expect(order).toEqual(['default/b', 'default/a', 'default/c']);
  });

  it('keeps an unschedulable pod until a cluster event moves it', async () => {
    const { q, clock } = setup();
    q.add(makePod('a'));
    const info = (await q.pop())!;
    q.requeue(info, true);
    expect(q.stats().unschedulable).toBe(1);
    await clock.advance(5_000);
    expect(q.stats().unschedulable).toBe(1);
    q.moveAllToActiveOrBackoff();
    expect(q.stats().active).toBe(1);
    expect((await q.pop())!.attempts).toBe(2);
  });

  it('moves a pod whose backoff has not expired to backoffQ, then to activeQ when it does', async () => {
    const { q, clock } = setup();
    q.add(makePod('a'));
    q.requeue((await q.pop())!, true);
    q.moveAllToActiveOrBackoff();
    expect(q.stats()).toMatchObject({ backoff: 1, active: 0 });
    await clock.advance(1000);
    expect(q.stats()).toMatchObject({ backoff: 0, active: 1 });
  });

  it('sends a pod to backoff when a move request came during its cycle', async () => {
    const { q } = setup();
    q.add(makePod('a'));
    const info = (await q.pop())!;
    q.moveAllToActiveOrBackoff();
    q.requeue(info, true);
    expect(q.stats()).toMatchObject({ backoff: 1, unschedulable: 0 });
  });

  it('doubles the backoff per attempt up to the cap', async () => {
    const { q } = setup();
    q.add(makePod('a'));
    const info = (await q.pop())!;
    expect(q.backoffMs(info)).toBe(1000);
    info.attempts = 3;
    expect(q.backoffMs(info)).toBe(4000);
    info.attempts = 10;
    expect(q.backoffMs(info)).toBe(10_000);
  });

  it('retries leftover unschedulable pods after the timeout', async () => {
    const { q, clock } = setup();
    q.add(makePod('a'));
    q.requeue((await q.pop())!, true);
    await clock.advance(60_000);
    expect(q.stats().active).toBe(1);
  });

  it('gives an unschedulable pod another try when its spec changes', async () => {
    const { q, clock } = setup();
    const pod = makePod('a');
    q.add(pod);
    q.requeue((await q.pop())!, true);
    await clock.advance(2000);
    q.update(pod, makePod('a', { spec: { nodeSelector: { disk: 'ssd' } } }));
    expect(q.stats().active).toBe(1);
  });

  it('forgets deleted pods and wakes a waiting pop on add', async () => {
    const { q } = setup();
    q.add(makePod('a'));
    q.delete(makePod('a'));
    expect(q.has('default/a')).toBe(false);
    const popped = q.pop();
    q.add(makePod('b'));
    expect((await popped)!.key).toBe('default/b');
  });

  it('pop resolves undefined on close or abort', async () => {
    const { q } = setup();
    const ac = new AbortController();
    const p = q.pop(ac.signal);
    ac.abort();
    expect(await p).toBeUndefined();
    const p2 = q.pop();
    q.close();
    expect(await p2).toBeUndefined();
  });
});
