/** Event (events.k8s.io/v1): the newer event shape, stored as core/v1 Events. */
import { z } from 'zod';
import { isObject } from '../../meta.js';
import { int32, microTime, time } from '../../schema/common.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { oneOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { str } from '../../schema/meta-validation.js';
import { objectReference } from '../../schema/pod-spec.js';
import { eventSource } from '../core/event.js';
import { defineKind, type KindDescriptor, type ObjectOf } from '../descriptor.js';

const EV = 'io.k8s.api.events.v1';

export const eventV1 = kindObject(
  EV,
  'Event',
  {
    eventTime: microTime.nullable().describe('When the event was first observed.'),
    series: z
      .strictObject({
        count: int32.describe('Occurrences of the event in the series so far.'),
        lastObservedTime: microTime.describe('When the last occurrence was observed.'),
      })
      .meta({ id: `${EV}.EventSeries`, description: 'Data about a series of events that keep recurring.' })
      .optional()
      .describe('Data about the series, for an event that recurs.'),
    reportingController: z.string().optional().describe('The controller that emitted the event, such as kubernetes.io/kubelet.'),
    reportingInstance: z.string().optional().describe('The instance of that controller, such as kubelet-node-1.'),
    action: z.string().optional().describe('What was taken or failed about the regarding object.'),
    reason: z.string().optional().describe('Why the action was taken, in CamelCase.'),
    regarding: objectReference.optional().describe('The object this event is about.'),
    related: objectReference.optional().describe('A second object involved, if any.'),
    note: z.string().optional().describe('A human-readable description, at most 1 kB.'),
    type: z.string().optional().describe('Normal or Warning.'),
    deprecatedSource: eventSource.optional().describe('Origin of the event, as core v1 Events record it.'),
    deprecatedFirstTimestamp: time.nullable().optional().describe('The core v1 firstTimestamp.'),
    deprecatedLastTimestamp: time.nullable().optional().describe('The core v1 lastTimestamp.'),
    deprecatedCount: int32.optional().describe('The core v1 count.'),
  },
  'A report of something that happened in the cluster, such as a pod being scheduled or an image failing to pull.',
);

export type EventV1 = ObjectOf<typeof eventV1>;

export function validateEventV1(ev: EventV1, errs: ErrorList): void {
  if (!ev.eventTime) errs.required(root('eventTime'));
  if (!str(ev.reportingController)) errs.required(root('reportingController'));
  if (!str(ev.reportingInstance)) errs.required(root('reportingInstance'));
  if (!str(ev.action)) errs.required(root('action'));
  if (!str(ev.reason)) errs.required(root('reason'));
  if (str(ev.note).length > 1024) errs.tooLong(root('note'), 1024);
  oneOf(ev.type, ['Normal', 'Warning'], root('type'), errs, true);
  const ns = isObject(ev.metadata) ? str(ev.metadata.namespace) : '';
  if (isObject(ev.regarding) && str(ev.regarding.namespace) && ns && ev.regarding.namespace !== ns) {
    errs.invalid(root('regarding').child('namespace'), ev.regarding.namespace, 'does not match event.namespace');
  }
}

export const eventV1Kind: KindDescriptor<EventV1> = defineKind({
  group: 'events.k8s.io',
  version: 'v1',
  kind: 'Event',
  resource: 'events',
  namespaced: true,
  shortNames: ['ev'],
  schema: eventV1,
  protobuf: 'api.events.v1.Event',
  validate: (ev, _old, errs) => validateEventV1(ev, errs),
  strategy: { allowCreateOnUpdate: true },
});
