/**
 * Server-side printing: the Table builder. Each built-in kind's printer is in its kind descriptor
 * (@kemu/api); custom resources print their CRD's additionalPrinterColumns.
 */
import { defaultPrinter, kindDescriptorOf, type KubeObject, type Printer, type ResourceInfo } from '@kemu/api';
import { customResourcePrinter } from './custom-resource.js';
import { eventV1ToCore, hpaV1ToV2 } from '../registry/conversions.js';
import { rowObject, type IncludeObject, type Table } from './table.js';

export type { Table, IncludeObject, Printer } from './table.js';
export { humanDuration, age } from '@kemu/api';

/** A printer of objects served in another version than the one the printer reads. */
function converted(p: Printer, convert: (o: KubeObject) => KubeObject): Printer {
  return { columns: p.columns, cells: (o, now) => p.cells(convert(o), now) };
}

/**
 * Resources whose objects reach the printer in more than one version: kube converts them to the
 * internal version before printing, here to the version whose printer reads them.
 */
const CONVERTED: Record<string, () => Printer> = {
  'autoscaling/horizontalpodautoscalers': () =>
    converted(kindDescriptorOf('autoscaling', 'horizontalpodautoscalers')!.printer!, (o) =>
      o.apiVersion === 'autoscaling/v1' ? hpaV1ToV2(o) : o,
    ),
  'events.k8s.io/events': () =>
    converted(kindDescriptorOf('', 'events')!.printer!, (o) => (o.apiVersion === 'events.k8s.io/v1' ? eventV1ToCore(o) : o)),
};
const convertedPrinters = new Map<string, Printer>();

export function printerFor(r: Pick<ResourceInfo, 'group' | 'resource'> & Partial<Pick<ResourceInfo, 'custom'>>): Printer {
  if (r.custom) return customResourcePrinter(r);
  const key = `${r.group}/${r.resource}`;
  const convert = CONVERTED[key];
  if (convert) {
    let p = convertedPrinters.get(key);
    if (!p) convertedPrinters.set(key, (p = convert()));
    return p;
  }
  return kindDescriptorOf(r.group, r.resource)?.printer ?? defaultPrinter;
}

export interface TableOptions {
  includeObject: IncludeObject;
  /** Omit columnDefinitions (watch events after the first). */
  noHeaders?: boolean;
  resourceVersion?: string;
}

export function toTable(
  r: Pick<ResourceInfo, 'group' | 'resource'> & Partial<Pick<ResourceInfo, 'custom'>>,
  objects: KubeObject[],
  now: number,
  opts: TableOptions,
): Table {
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
