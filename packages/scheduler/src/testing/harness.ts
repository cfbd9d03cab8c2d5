/** A scheduler over a FakeClient with real informers, a FakeClock for backoff, and recorded events. */
import { FakeClock, type KubeObject } from '@kemu/api';
import { SharedInformerFactory, silentLogger, type EventRecorder } from '@kemu/client';
import { FakeClient } from '@kemu/client/testing';
import { Scheduler } from '../scheduler.js';

export interface RecordedEvent {
  object: string;
  type: string;
  reason: string;
  message: string;
}

export function recorderInto(events: RecordedEvent[]): EventRecorder {
  return {
    event(obj, type, reason, message) {
      events.push({ object: `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`, type, reason, message });
    },
  };
}

export async function startScheduler(objects: KubeObject[], random: () => number = () => 0.5) {
  const client = new FakeClient(objects);
  const clock = new FakeClock();
  const informers = new SharedInformerFactory(client);
  const events: RecordedEvent[] = [];
  const scheduler = new Scheduler({ client, informers, recorder: recorderInto(events), logger: silentLogger, clock, random });
  const stop = new AbortController();
  informers.start(stop.signal);
  const done = scheduler.run(stop.signal);
  await informers.waitForCacheSync(stop.signal);
  return {
    client,
    clock,
    informers,
    events,
    scheduler,
    async close() {
      stop.abort();
      await done;
    },
  };
}
