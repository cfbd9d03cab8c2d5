/**
 * The printer contract of server-side printing (`Accept: …;as=Table`): a kind's printer owns its
 * column definitions and turns one object into one row of cells, as kube's printers.go does.
 */
import { age } from './age.js';

type Obj = Record<string, any>;

export interface TableColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

/** A table cell; null is an absent value (kubectl prints `<none>`). */
export type Cell = string | number | boolean | null;

export interface Printer {
  columns: TableColumnDefinition[];
  /** The cells of one object; the Name cell comes first. `now` renders AGE. */
  cells(obj: any, now: number): Cell[];
}

/** Column helper: `col('Ready', 'The number of ready containers')`, priority 0 string. */
export function col(
  name: string,
  description: string,
  opts: Partial<Pick<TableColumnDefinition, 'type' | 'format' | 'priority'>> = {},
): TableColumnDefinition {
  return { name, type: opts.type ?? 'string', format: opts.format ?? '', description, priority: opts.priority ?? 0 };
}

export const NAME_COLUMN = col(
  'Name',
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated.',
  { format: 'name' },
);
export const AGE_COLUMN = col(
  'Age',
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.',
);

/** The printer of kinds without columns of their own: NAME and AGE. */
export const defaultPrinter: Printer = {
  columns: [NAME_COLUMN, AGE_COLUMN],
  cells(o: Obj, now) {
    return [o.metadata.name ?? '', age(o.metadata.creationTimestamp, now)];
  },
};

const CREATED_AT = col(
  'Created At',
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.',
  { type: 'date' },
);

/** LimitRanges and CRDs print their creation time as an RFC 3339 timestamp rather than an age. */
export const createdAtPrinter: Printer = {
  columns: [NAME_COLUMN, CREATED_AT],
  cells(o: Obj) {
    return [o.metadata.name ?? '', o.metadata.creationTimestamp ?? ''];
  },
};
