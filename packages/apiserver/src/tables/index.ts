/** Server-side printing: the printer of each resource and the Table builder. */
import type { KubeObject, ResourceInfo } from '@kemu/api';
import { podPrinter } from './pod.js';
import { nodePrinter } from './node.js';
import { servicePrinter } from './service.js';
import { endpointsPrinter } from './endpoints.js';
import { endpointSlicePrinter } from './endpoint-slice.js';
import { eventPrinter } from './event.js';
import { namespacePrinter } from './namespace.js';
import { deploymentPrinter } from './deployment.js';
import { replicaSetPrinter, replicationControllerPrinter } from './replica-set.js';
import { configMapPrinter, defaultPrinter, leasePrinter, secretPrinter, serviceAccountPrinter } from './config.js';
import { rowObject, type IncludeObject, type Printer, type Table } from './table.js';

export type { Table, IncludeObject, Printer } from './table.js';
export { humanDuration, age } from './age.js';

const PRINTERS: Record<string, Printer> = {
  '/pods': podPrinter,
  '/nodes': nodePrinter,
  '/services': servicePrinter,
  '/endpoints': endpointsPrinter,
  'discovery.k8s.io/endpointslices': endpointSlicePrinter,
  '/events': eventPrinter,
  '/namespaces': namespacePrinter,
  'apps/deployments': deploymentPrinter,
  'apps/replicasets': replicaSetPrinter,
  '/replicationcontrollers': replicationControllerPrinter,
  'coordination.k8s.io/leases': leasePrinter,
  '/configmaps': configMapPrinter,
  '/secrets': secretPrinter,
  '/serviceaccounts': serviceAccountPrinter,
};

export function printerFor(r: Pick<ResourceInfo, 'group' | 'resource'>): Printer {
  return PRINTERS[`${r.group}/${r.resource}`] ?? defaultPrinter;
}

export interface TableOptions {
  includeObject: IncludeObject;
  /** Omit columnDefinitions (watch events after the first). */
  noHeaders?: boolean;
  resourceVersion?: string;
}

export function toTable(r: Pick<ResourceInfo, 'group' | 'resource'>, objects: KubeObject[], now: number, opts: TableOptions): Table {
  const p = printerFor(r);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: opts.resourceVersion !== undefined ? { resourceVersion: opts.resourceVersion } : {},
    columnDefinitions: opts.noHeaders ? [] : p.columns,
    rows: objects.map((o) => {
      const object = rowObject(o, opts.includeObject);
      return object === undefined ? { cells: p.cells(o, now) } : { cells: p.cells(o, now), object };
    }),
  };
}

export function parseIncludeObject(v: string | null): IncludeObject {
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}
