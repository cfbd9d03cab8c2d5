/** EndpointSlice columns: ADDRESSTYPE, PORTS, ENDPOINTS (three, then `+ N more...`). */
import type { EndpointSlice } from '@kemu/api';
import { age } from './age.js';
import { AGE_COLUMN, NAME_COLUMN, col, type Printer } from './table.js';

function truncated(list: string[], max = 3): string {
  if (list.length === 0) return '<none>';
  const head = list.slice(0, max).join(',');
  return list.length > max ? `${head} + ${list.length - max} more...` : head;
}

export const endpointSlicePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('AddressType', 'addressType specifies the type of address carried by this EndpointSlice.'),
    col('Ports', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    col('Endpoints', 'endpoints is a list of unique endpoints in this slice.'),
    AGE_COLUMN,
  ],
  cells(es: EndpointSlice, now) {
    const ports = es.ports == null ? '<unset>' : es.ports.length === 0 ? '<none>'
      : truncated(es.ports.map((p) => (p.port === undefined || p.port === null ? '<unset>' : String(p.port))));
    const addrs = (es.endpoints ?? []).flatMap((e) => e.addresses ?? []);
    return [es.metadata.name ?? '', es.addressType ?? '', ports, truncated(addrs), age(es.metadata.creationTimestamp, now)];
  },
};
