import { describe, expect, it } from 'vitest';
import { FakeClock, R, type Event, type Pod } from '@kemu/api';
import { EventBroadcaster } from './event-recorder.js';
import { FakeClient } from './testing/fake-client.js';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'prod', uid: 'u-1', resourceVersion: '7' },
  spec: { containers: [] },
};

describe('EventRecorder', () => {
  it('creates a core/v1 Event describing the object', async () => {
    const clock = new FakeClock(Date.parse('2025-01-02T03:04:05Z'));
    const client = new FakeClient([], { clock });
    const b = new EventBroadcaster(client, { component: 'default-scheduler', clock });
    b.recorder().event(pod, 'Normal', 'Scheduled', 'Successfully assigned prod/web-1 to node-1');
    await b.flush();
    const [ev] = client.trackedList<Event>(R.events);
    expect(ev.metadata.namespace).toBe('prod');
    expect(ev.metadata.name).toMatch(/^web-1\.[0-9a-f]+$/);
    expect(BigInt(`0x${ev.metadata.name!.split('.')[1]}`) / 1_000_000n).toBe(BigInt(clock.now()));
    expect(ev).toMatchObject({
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web-1', namespace: 'prod', uid: 'u-1', resourceVersion: '7' },
      reason: 'Scheduled',
      message: 'Successfully assigned prod/web-1 to node-1',
      type: 'Normal',
      source: { component: 'default-scheduler' },
      count: 1,
      reportingComponent: 'default-scheduler',
      firstTimestamp: '2025-01-02T03:04:05Z',
      lastTimestamp: '2025-01-02T03:04:05Z',
    });
  });

  it('puts events about cluster-scoped objects in default and reports the host', async () => {
    const client = new FakeClient();
    const b = new EventBroadcaster(client, { component: 'kubelet', host: 'node-1' });
    b.recorder().event(
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'n' } },
      'Normal',
      'Starting',
      'Starting kubelet.',
    );
    await b.flush();
    const [ev] = client.trackedList<Event>(R.events);
    expect(ev.metadata.namespace).toBe('default');
    expect(ev.involvedObject.namespace).toBeUndefined();
    expect(ev.source).toEqual({ component: 'kubelet', host: 'node-1' });
    expect(ev.reportingInstance).toBe('node-1');
  });

  it('counts repeats within 10 minutes on the existing Event, then starts a new one', async () => {
    const clock = new FakeClock();
    const client = new FakeClient([], { clock });
    const b = new EventBroadcaster(client, { component: 'kubelet', clock });
    const r = b.recorder();
    r.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    await b.flush();
    await clock.advance(60_000);
    r.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    r.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    r.event(pod, 'Warning', 'Failed', 'something else');
    await b.flush();
    const events = client.trackedList<Event>(R.events);
    expect(events).toHaveLength(2);
    const backoff = events.find((e) => e.reason === 'BackOff')!;
    expect(backoff.count).toBe(3);
    expect(Date.parse(backoff.lastTimestamp!) - Date.parse(backoff.firstTimestamp!)).toBe(60_000);
    expect(client.writes().filter((a) => a.verb === 'patch')).toHaveLength(2);
    expect(client.writes()[1].patchType).toBe('merge');

    await clock.advance(11 * 60_000);
    r.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    await b.flush();
    expect(client.trackedList<Event>(R.events).filter((e) => e.reason === 'BackOff')).toHaveLength(2);
  });

  it('starts a new series when the counted Event is gone', async () => {
    const client = new FakeClient();
    const b = new EventBroadcaster(client, { component: 'c' });
    const r = b.recorder();
    r.event(pod, 'Normal', 'Pulled', 'pulled');
    await b.flush();
    const [ev] = client.trackedList<Event>(R.events);
    await client.delete(R.events, ev.metadata.namespace, ev.metadata.name!);
    r.event(pod, 'Normal', 'Pulled', 'pulled');
    await b.flush();
    const now = client.trackedList<Event>(R.events);
    expect(now).toHaveLength(1);
    expect(now[0].count).toBe(1);
  });

  it('never throws or blocks the caller when writes fail', async () => {
    const client = new FakeClient();
    client.prependReactor('create', 'events', () => ({ handled: true, error: new Error('connect ECONNREFUSED') }));
    const b = new EventBroadcaster(client, { component: 'c' });
    const r = b.recorder('other');
    expect(() => r.event(pod, 'Normal', 'X', 'y')).not.toThrow();
    expect(() => r.event({ metadata: {} } as Pod, 'Normal', 'X', 'y')).not.toThrow();
    await b.flush();
    expect(client.trackedList(R.events)).toHaveLength(0);
    expect(client.actions.filter((a) => a.verb === 'create')).toHaveLength(2);
  });
});
