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

export function validateConfigMap(cm: ConfigMap, old: ConfigMap | undefined, errs: ErrorList): void {
  validateDataKeys(cm.data, root('data'), errs);
  validateDataKeys(cm.binaryData, root('binaryData'), errs);
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
