/** A ControllerContext over a FakeClient, a FakeClock and real informers, with recorded events (tests). */
import { FakeClock, PROFILES, type KubeObject } from '@kemu/api';
import { SharedInformerFactory, silentLogger } from '@kemu/client';
import { FakeClient } from '@kemu/client/testing';
import type { ControllerContext } from '../controller-context.js';

export interface RecordedEvent {
  component: string;
  object: string;
  type: string;
  reason: string;
  message: string;
}

export function testContext(objects: KubeObject[]) {
  const clock = new FakeClock();
  const client = new FakeClient(objects, { clock });
  const informers = new SharedInformerFactory(client);
  const events: RecordedEvent[] = [];
  const ctx: ControllerContext = {
    client,
    informers,
    clock,
    timings: PROFILES.fast,
    logger: silentLogger,
    recorder: (component) => ({
      event: (obj, type, reason, message) => {
        events.push({ component, object: `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`, type, reason, message });
      },
    }),
  };
  return { ctx, client, clock, events, informers };
}
