/** Event (core/v1): a report of something that happened to an object; a PUT may create one. */
import { z } from 'zod';
import { int32, microTime, time } from '../../schema/common.js';
import { ErrorList, root } from '../../schema/field-errors.js';
import { oneOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { isObj, str } from '../../schema/meta-validation.js';
import { objectReference } from '../../schema/pod-spec.js';
import { defineKind } from '../descriptor.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.core.v1';


export const eventSource = z.strictObject({
  component: z.string().optional().describe('Component reporting the event.'),
  host: z.string().optional().describe('Node the event came from.'),
}).meta({ id: `${P}.EventSource`, description: 'Origin of an event.' });

export const event = kindObject(P, 'Event', {
  involvedObject: objectReference.describe('The object the event is about.'),
  reason: z.string().optional().describe('Short CamelCase reason.'),
  message: z.string().optional().describe('Human-readable description.'),
  source: eventSource.optional().describe('Component reporting the event.'),
  firstTimestamp: time.nullable().optional().describe('When the event was first recorded.'),
  lastTimestamp: time.nullable().optional().describe('When the event last recurred.'),
  count: int32.optional().describe('How many times the event occurred.'),
  type: z.string().optional().describe('Normal or Warning.'),
  eventTime: microTime.nullable().optional().describe('When the event was first observed, with microseconds.'),
  series: z.strictObject({
    count: int32.optional().describe('Occurrences in the series.'),
    lastObservedTime: microTime.optional().describe('Last occurrence.'),
  }).meta({ id: `${P}.EventSeries`, description: 'A series of recurring events.' }).optional().describe('Series data for recurring events.'),
  action: z.string().optional().describe('What was done, or failed.'),
  related: objectReference.optional().describe('A secondary object involved.'),
  reportingComponent: z.string().optional().describe('Controller that emitted the event.'),
  reportingInstance: z.string().optional().describe('Instance of that controller.'),
}, 'A report of something that happened in the cluster.');

export function validateEvent(ev: Obj, errs: ErrorList): void {
  const io = isObj(ev.involvedObject) ? ev.involvedObject : undefined;
  if (!io) { errs.required(root('involvedObject')); return; }
  const ns = isObj(ev.metadata) ? str(ev.metadata.namespace) : '';
  if (str(io.namespace) && ns && io.namespace !== ns) errs.invalid(root('involvedObject').child('namespace'), io.namespace, 'does not match event.namespace');
  if (ev.type !== undefined && ev.type !== '') oneOf(ev.type, ['Normal', 'Warning'], root('type'), errs);
}

export const eventKind = defineKind({
  group: '', version: 'v1', kind: 'Event', resource: 'events', namespaced: true, shortNames: ['ev'],
  schema: event, protobuf: 'api.core.v1.Event',
  validate: (ev, _old, errs) => validateEvent(ev, errs),
  fields: {
    'involvedObject.kind': (e) => e.involvedObject?.kind ?? '',
    'involvedObject.namespace': (e) => e.involvedObject?.namespace ?? '',
    'involvedObject.name': (e) => e.involvedObject?.name ?? '',
    'involvedObject.uid': (e) => e.involvedObject?.uid ?? '',
    'involvedObject.apiVersion': (e) => e.involvedObject?.apiVersion ?? '',
    'involvedObject.resourceVersion': (e) => e.involvedObject?.resourceVersion ?? '',
    'involvedObject.fieldPath': (e) => e.involvedObject?.fieldPath ?? '',
    'reason': (e) => e.reason ?? '',
    'reportingComponent': (e) => e.reportingComponent ?? '',
    'source': (e) => e.source?.component ?? '',
    'type': (e) => e.type ?? '',
  },
  strategy: { allowCreateOnUpdate: true },
});
