/**
 * The meta.k8s.io/v1 Table returned for `Accept: …;as=Table`. The printer contract and the
 * kinds' printers live in @kemu/api (each kind descriptor carries its printer).
 */
import type { Cell, KubeObject, TableColumnDefinition } from '@kemu/api';

export type { Cell, Printer, TableColumnDefinition } from '@kemu/api';

export interface TableRow {
  cells: Cell[];
  object?: unknown;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** The `object` of a row: nothing, PartialObjectMetadata (the default) or the whole object. */
export function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}
