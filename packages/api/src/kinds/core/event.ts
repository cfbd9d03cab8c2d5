/** Event (core/v1): a report of something that happened to an object; a PUT may create one. */
import { z } from 'zod';
import { isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import { type Printer, col } from '../../printers/printer.js';
import { int32, microTime, time } from '../../schema/common.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { oneOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { str } from '../../schema/meta-validation.js';
import { objectReference } from '../../schema/pod-spec.js';
import { defineKind, type StoredObject, type KindDescriptor } from '../descriptor.js';

const P = 'io.k8s.api.core.v1';

export const eventSource = z
  .strictObject({
    component: z.string().optional().describe('Component reporting the event.'),
    host: z.string().optional().describe('Node the event came from.'),
  })
  .meta({ id: `${P}.EventSource`, description: 'Origin of an event.' });

export const event = kindObject(
  P,
  'Event',
  {
    involvedObject: objectReference.describe('The object the event is about.'),
    reason: z.string().optional().describe('Short CamelCase reason.'),
    message: z.string().optional().describe('Human-readable description.'),
    source: eventSource.optional().describe('Component reporting the event.'),
    firstTimestamp: time.nullable().optional().describe('When the event was first recorded.'),
    lastTimestamp: time.nullable().optional().describe('When the event last recurred.'),
    count: int32.optional().describe('How many times the event occurred.'),
    type: z.string().optional().describe('Normal or Warning.'),
    eventTime: microTime.nullable().optional().describe('When the event was first observed, with microseconds.'),
    series: z
      .strictObject({
        count: int32.optional().describe('Occurrences in the series.'),
        lastObservedTime: microTime.optional().describe('Last occurrence.'),
      })
      .meta({ id: `${P}.EventSeries`, description: 'A series of recurring events.' })
      .optional()
      .describe('Series data for recurring events.'),
    action: z.string().optional().describe('What was done, or failed.'),
    related: objectReference.optional().describe('A secondary object involved.'),
    reportingComponent: z.string().optional().describe('Controller that emitted the event.'),
    reportingInstance: z.string().optional().describe('Instance of that controller.'),
  },
  'A report of something that happened in the cluster.',
);

export type Event = StoredObject<z.output<typeof event>>;

export function validateEvent(ev: Event, errs: ErrorList): void {
  const io = isObject(ev.involvedObject) ? ev.involvedObject : undefined;
  if (!io) {
    errs.required(root('involvedObject'));
    return;
  }
  const ns = isObject(ev.metadata) ? str(ev.metadata.namespace) : '';
  if (str(io.namespace) && ns && io.namespace !== ns)
    errs.invalid(root('involvedObject').child('namespace'), io.namespace, 'does not match event.namespace');
  if (ev.type !== undefined && ev.type !== '') oneOf(ev.type, ['Normal', 'Warning'], root('type'), errs);
}

/** core/v1 Event columns: LAST SEEN (with `(xN over D)`), TYPE, REASON, OBJECT, MESSAGE. */

function lastSeen(ev: Event, now: number): string {
  const last = ev.lastTimestamp || ev.eventTime || ev.metadata.creationTimestamp;
  const first = ev.firstTimestamp || ev.eventTime || ev.metadata.creationTimestamp;
  const count = ev.count ?? (ev as { series?: { count?: number } }).series?.count ?? 1;
  if (count > 1 && first) return `${age(last, now)} (x${count} over ${age(first, Date.parse(last ?? '') || now)})`;
  return age(last, now);
}

export const eventPrinter: Printer = {
  columns: [
    col('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
    col('Type', 'Type of this event (Normal, Warning), new types could be added in the future.'),
    col(
      'Reason',
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    ),
    col('Object', 'The object that this event is about.'),
    col('Subobject', 'The subobject the event is about.', { priority: 1 }),
    col('Source', 'The component reporting this event. Should be a short machine understandable string.', { priority: 1 }),
    col('Message', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'The time at which the event was first recorded.', { priority: 1 }),
    col('Count', 'The number of times this event has occurred.', { priority: 1 }),
    col('Name', 'Name must be unique within a namespace.', { priority: 1, format: 'name' }),
  ],
  cells(ev: Event, now) {
    const io = ev.involvedObject ?? {};
    const source = ev.source?.component ? [ev.source.component, ev.source.host].filter(Boolean).join(', ') : ev.reportingComponent || '';
    return [
      lastSeen(ev, now),
      ev.type ?? '',
      ev.reason ?? '',
      `${(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`,
      io.fieldPath ?? '',
      source,
      (ev.message ?? '').trim(),
      age(ev.firstTimestamp || ev.eventTime || ev.metadata.creationTimestamp, now),
      ev.count ?? 1,
      ev.metadata.name ?? '',
    ];
  },
};

export const eventKind: KindDescriptor<Event> = defineKind({
  group: '',
  version: 'v1',
  kind: 'Event',
  resource: 'events',
  namespaced: true,
  shortNames: ['ev'],
  schema: event,
  protobuf: 'api.core.v1.Event',
  printer: eventPrinter,
  validate: (ev, _old, errs) => validateEvent(ev, errs),
  fields: {
    'involvedObject.kind': (e) => e.involvedObject?.kind ?? '',
    'involvedObject.namespace': (e) => e.involvedObject?.namespace ?? '',
    'involvedObject.name': (e) => e.involvedObject?.name ?? '',
    'involvedObject.uid': (e) => e.involvedObject?.uid ?? '',
    'involvedObject.apiVersion': (e) => e.involvedObject?.apiVersion ?? '',
    'involvedObject.resourceVersion': (e) => e.involvedObject?.resourceVersion ?? '',
    'involvedObject.fieldPath': (e) => e.involvedObject?.fieldPath ?? '',
    reason: (e) => e.reason ?? '',
    reportingComponent: (e) => e.reportingComponent ?? '',
    source: (e) => e.source?.component ?? '',
    type: (e) => e.type ?? '',
  },
  strategy: { allowCreateOnUpdate: true },
});
