/** Endpoints columns: up to three `ip:port` pairs, then `+ N more...`. */
import type { Endpoints } from '@kemu/api';
import { age } from './age.js';
import { AGE_COLUMN, NAME_COLUMN, col, type Printer } from './table.js';

const MAX = 3;

export function formatEndpoints(ep: Endpoints): string {
  const list: string[] = [];
  let count = 0;
  for (const ss of ep.subsets ?? []) {
    const addrs = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      for (const a of addrs) { count++; if (list.length < MAX) list.push(a.ip); }
      continue;
    }
    for (const p of ports) {
      for (const a of addrs) { count++; if (list.length < MAX) list.push(`${a.ip}:${p.port}`); }
    }
  }
  if (count === 0) return '<none>';
  let s = list.join(',');
  if (count > list.length) s += ` + ${count - list.length} more...`;
  return s;
}

export const endpointsPrinter: Printer = {
  columns: [NAME_COLUMN, col('Endpoints', 'Endpoints of the service'), AGE_COLUMN],
  cells(ep: Endpoints, now) {
    return [ep.metadata.name ?? '', formatEndpoints(ep), age(ep.metadata.creationTimestamp, now)];
  },
};
