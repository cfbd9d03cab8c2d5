/**
 * Printing of custom resources from their CRD's additionalPrinterColumns, as the apiextensions
 * table convertor does: NAME, then one cell per column from its JSONPath (the first result;
 * no result prints `<none>`); `date` columns as an age; without columns, NAME and AGE.
 */
import {
  NAME_COLUMN,
  age,
  col,
  type Cell,
  type KubeObject,
  type Printer,
  type PrinterColumn,
  type ResourceInfo,
  type TableColumnDefinition,
} from '@kemu/api';
import { evaluateJsonPath, parseJsonPath } from './json-path.js';

const AGE: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.',
};

const COLUMN_TYPES = new Set(['string', 'integer', 'number', 'boolean', 'date']);

function cellOf(type: string, value: unknown, now: number): Cell {
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? age(value, now) : null;
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/** The printer of one served version of a custom resource. */
export function customResourcePrinter(r: Pick<ResourceInfo, 'custom'>): Printer {
  const given = r.custom?.printerColumns ?? [];
  const columns = given.length ? given : [AGE];
  const compiled = columns.map((c) => {
    let steps: ReturnType<typeof parseJsonPath> | undefined;
    try {
      steps = parseJsonPath(c.jsonPath);
    } catch {
      steps = undefined;
    }
    return { c, steps };
  });
  const definitions: TableColumnDefinition[] = [
    NAME_COLUMN,
    ...columns.map((c) =>
      col(c.name, c.description ?? '', {
        type: (COLUMN_TYPES.has(c.type) ? c.type : 'string') as TableColumnDefinition['type'],
        format: c.format ?? '',
        priority: c.priority ?? 0,
      }),
    ),
  ];
  return {
    columns: definitions,
    cells(obj: KubeObject, now) {
      return [
        obj.metadata.name ?? '',
        ...compiled.map(({ c, steps }) => {
          const results = steps ? evaluateJsonPath(steps, obj) : [];
          return results.length === 0 ? null : cellOf(c.type, results[0], now);
        }),
      ];
    },
  };
}
