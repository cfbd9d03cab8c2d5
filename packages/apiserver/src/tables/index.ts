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
import { customResourcePrinter } from './custom-resource.js';
import {
  controllerRevisionPrinter, cronJobPrinter, daemonSetPrinter, horizontalPodAutoscalerPrinter, jobPrinter, podDisruptionBudgetPrinter,
  statefulSetPrinter,
} from './workloads.js';
import {
  createdAtPrinter, ingressClassPrinter, ingressPrinter, persistentVolumeClaimPrinter, persistentVolumePrinter, priorityClassPrinter,
  resourceQuotaPrinter, storageClassPrinter,
} from './cluster.js';
import { eventV1ToCore, hpaV1ToV2 } from '../registry/conversions.js';
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
  '/persistentvolumes': persistentVolumePrinter,
  '/persistentvolumeclaims': persistentVolumeClaimPrinter,
  '/resourcequotas': resourceQuotaPrinter,
  '/limitranges': createdAtPrinter,
  'apps/statefulsets': statefulSetPrinter,
  'apps/daemonsets': daemonSetPrinter,
  'apps/controllerrevisions': controllerRevisionPrinter,
  'batch/jobs': jobPrinter,
  'batch/cronjobs': cronJobPrinter,
  'autoscaling/horizontalpodautoscalers': converted(horizontalPodAutoscalerPrinter, (o) => (o.apiVersion === 'autoscaling/v1' ? hpaV1ToV2(o) : o)),
  'policy/poddisruptionbudgets': podDisruptionBudgetPrinter,
  'networking.k8s.io/ingresses': ingressPrinter,
  'networking.k8s.io/ingressclasses': ingressClassPrinter,
  'storage.k8s.io/storageclasses': storageClassPrinter,
  'scheduling.k8s.io/priorityclasses': priorityClassPrinter,
  'apiextensions.k8s.io/customresourcedefinitions': createdAtPrinter,
  'events.k8s.io/events': converted(eventPrinter, (o) => (o.apiVersion === 'events.k8s.io/v1' ? eventV1ToCore(o) : o)),
};

/** A printer of objects served in another version than the one the printer reads. */
function converted(p: Printer, convert: (o: KubeObject) => KubeObject): Printer {
  return { columns: p.columns, cells: (o, now) => p.cells(convert(o), now) };
}


export function printerFor(r: Pick<ResourceInfo, 'group' | 'resource'> & Partial<Pick<ResourceInfo, 'custom'>>): Printer {
  if (r.custom) return customResourcePrinter(r);
  return PRINTERS[`${r.group}/${r.resource}`] ?? defaultPrinter;
}

export interface TableOptions {
  includeObject: IncludeObject;
  /** Omit columnDefinitions (watch events after the first). */
  noHeaders?: boolean;
  resourceVersion?: string;
}

export function toTable(r: Pick<ResourceInfo, 'group' | 'resource'> & Partial<Pick<ResourceInfo, 'custom'>>, objects: KubeObject[], now: number, opts: TableOptions): Table {
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
