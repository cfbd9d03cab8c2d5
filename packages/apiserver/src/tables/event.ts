/** core/v1 Event columns: LAST SEEN (with `(xN over D)`), TYPE, REASON, OBJECT, MESSAGE. */
import type { Event } from '@kemu/api';
import { age } from './age.js';
import { col, type Printer } from './table.js';

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
    col('Reason', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
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
    const source = ev.source?.component ? [ev.source.component, ev.source.host].filter(Boolean).join(', ') : (ev.reportingComponent || '');
    return [
      lastSeen(ev, now), ev.type ?? '', ev.reason ?? '', `${(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`,
      io.fieldPath ?? '', source, (ev.message ?? '').trim(),
      age(ev.firstTimestamp || ev.eventTime || ev.metadata.creationTimestamp, now), ev.count ?? 1, ev.metadata.name ?? '',
    ];
  },
};
