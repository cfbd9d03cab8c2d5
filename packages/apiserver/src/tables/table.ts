/**
 * The meta.k8s.io/v1 Table returned for `Accept: …;as=Table`, and the printer contract: a
 * printer owns a kind's column definitions and turns one object into one row of cells.
 */
import type { KubeObject } from '@kemu/api';

export interface TableColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

/** A table cell; null is an absent value (kubectl prints `<none>`). */
export type Cell = string | number | boolean | null;

export interface TableRow { cells: Cell[]; object?: unknown }

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export interface Printer {
  columns: TableColumnDefinition[];
  /** The cells of one object; the Name cell comes first. `now` renders AGE. */
  cells(obj: any, now: number): Cell[];
}

/** Column helper: `col('Ready', 'The number of ready containers')`, priority 0 string. */
export function col(name: string, description: string, opts: Partial<Pick<TableColumnDefinition, 'type' | 'format' | 'priority'>> = {}): TableColumnDefinition {
  return { name, type: opts.type ?? 'string', format: opts.format ?? '', description, priority: opts.priority ?? 0 };
}

export const NAME_COLUMN = col('Name', 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated.', { format: 'name' });
export const AGE_COLUMN = col('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.');

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** The `object` of a row: nothing, PartialObjectMetadata (the default) or the whole object. */
export function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** `a=b,c=d` of a label map, sorted; `<none>` when empty. */
export function formatLabels(m: Record<string, string> | undefined | null): string {
  const keys = Object.keys(m ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${m![k]}`).join(',') : '<none>';
}
