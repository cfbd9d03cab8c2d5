/** ConfigMap (core/v1): non-secret configuration data; immutable once marked so. */
import { z } from 'zod';
import { deepEqual, isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import { countEntries } from '../../printers/format.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { stringMap } from '../../schema/common.js';
import { type ErrorList, type FieldPath, root } from '../../schema/field-errors.js';
import { kindObject } from '../../schema/kind.js';

import { configMapKey } from '../../schema/names.js';
import type { KubeObject } from '../../types.js';
import { defineKind, type KindDescriptor, type ObjectOf } from '../descriptor.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.core.v1';

export const configMap = kindObject(
  P,
  'ConfigMap',
  {
    immutable: z.boolean().optional().describe('Forbids changes to the data once set.'),
    data: stringMap.optional().describe('UTF-8 configuration values.'),
    binaryData: stringMap.optional().describe('Binary configuration values, base64 encoded.'),
  },
  'Non-confidential configuration data as key/value pairs.',
);

export type ConfigMap = ObjectOf<typeof configMap>;

export function validateDataKeys(data: unknown, field: FieldPath, errs: ErrorList): void {
  if (!isObject(data)) return;
  for (const k of Object.keys(data)) for (const e of configMapKey(k)) errs.invalid(field, k, e);
}

/** kube's core.MaxSecretSize: the bytes of a ConfigMap's or Secret's values together. */
export const MAX_DATA_BYTES = 1024 * 1024;

/** The bytes of the string values of each map (keys do not count, as in kube's ValidateConfigMap). */
export function dataBytes(...maps: unknown[]): number {
  let total = 0;
  for (const m of maps) {
    if (!isObject(m)) continue;
    for (const v of Object.values(m)) if (typeof v === 'string') total += Buffer.byteLength(v, 'utf8');
  }
  return total;
}

export function validateConfigMap(cm: ConfigMap, old: ConfigMap | undefined, errs: ErrorList): void {
  validateDataKeys(cm.data, root('data'), errs);
  validateDataKeys(cm.binaryData, root('binaryData'), errs);
  // binaryData counts in its base64 form here; kube counts the decoded bytes (3/4 of it).
  const size = dataBytes(cm.data) + Math.floor((dataBytes(cm.binaryData) * 3) / 4);
  // kube names the whole object, which its field path prints as "[]".
  if (size > MAX_DATA_BYTES) errs.tooLong(root('[]'), MAX_DATA_BYTES);
  if (isObject(cm.data) && isObject(cm.binaryData)) {
    for (const k of Object.keys(cm.binaryData)) if (k in cm.data) errs.invalid(root('data'), k, 'duplicate of key present in binaryData');
  }
  immutableData(cm, old, ['data', 'binaryData'], errs);
}

export function immutableData(obj: Obj, old: Obj | undefined, fields: string[], errs: ErrorList): void {
  if (!old || old.immutable !== true) return;
  if (obj.immutable !== true) errs.forbidden(root('immutable'), 'field is immutable when `immutable` is set');
  for (const f of fields) {
    if (!deepEqual(obj[f] ?? {}, old[f] ?? {})) errs.forbidden(root(f), 'field is immutable when `immutable` is set');
  }
}

export const configMapPrinter: Printer = {
  columns: [NAME_COLUMN, col('Data', 'Number of entries in the ConfigMap', { type: 'integer' }), AGE_COLUMN],
  cells(cm: KubeObject, now) {
    return [cm.metadata.name ?? '', countEntries(cm.data) + countEntries(cm.binaryData), age(cm.metadata.creationTimestamp, now)];
  },
};

export const configMapKind: KindDescriptor<ConfigMap> = defineKind({
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  resource: 'configmaps',
  namespaced: true,
  shortNames: ['cm'],
  schema: configMap,
  protobuf: 'api.core.v1.ConfigMap',
  printer: configMapPrinter,
  validate: validateConfigMap,
});
