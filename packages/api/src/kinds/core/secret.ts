/** Secret (core/v1): base64 data of a type; stringData is write-only and folds into data. */
import { z } from 'zod';
import { setField, isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import { countEntries } from '../../printers/format.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { stringMap } from '../../schema/common.js';
import { setIfEmpty } from '../../schema/defaulting.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { kindObject } from '../../schema/kind.js';
import { str } from '../../schema/meta-validation.js';
import type { KubeObject } from '../../types.js';
import { defineKind, type KindDescriptor, type ObjectOf } from '../descriptor.js';
import { MAX_DATA_BYTES, dataBytes, immutableData, validateDataKeys } from './config-map.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.core.v1';

export const secret = kindObject(
  P,
  'Secret',
  {
    immutable: z.boolean().optional().describe('Forbids changes to the data once set.'),
    data: stringMap.optional().describe('Secret values, base64 encoded.'),
    stringData: stringMap.optional().describe('Write-only plain-text values merged into data.'),
    type: z.string().optional().describe('Type used for programmatic handling; defaults to Opaque.'),
  },
  'Holds a small amount of sensitive data.',
);

export type Secret = ObjectOf<typeof secret>;

/** stringData is write-only: conversion merges it into data (base64) and drops it. */
function defaultSecret(s: Obj): void {
  setIfEmpty(s, 'type', 'Opaque');
  if (isObject(s.stringData)) {
    const data = isObject(s.data) ? s.data : (s.data = {});
    for (const [k, v] of Object.entries(s.stringData))
      if (typeof v === 'string') setField(data, k, Buffer.from(v, 'utf8').toString('base64'));
    delete s.stringData;
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function validateSecret(s: Secret, old: Secret | undefined, errs: ErrorList): void {
  validateDataKeys(s.data, root('data'), errs);
  validateDataKeys(s.stringData, root('stringData'), errs);
  if (isObject(s.data)) {
    for (const [k, v] of Object.entries(s.data)) {
      if (typeof v === 'string' && (v.length % 4 !== 0 || !BASE64.test(v)))
        errs.invalid(root('data').key(k), '<secret contents redacted>', 'illegal base64 data');
    }
  }
  if (Math.floor((dataBytes(s.data) * 3) / 4) > MAX_DATA_BYTES) errs.tooLong(root('data'), MAX_DATA_BYTES);
  validateSecretType(s, errs);
  if (s.type === 'kubernetes.io/service-account-token') {
    const ann = isObject(s.metadata) && isObject(s.metadata.annotations) ? s.metadata.annotations : {};
    if (!str(ann['kubernetes.io/service-account.name']))
      errs.required(root('metadata').child('annotations').key('kubernetes.io/service-account.name'));
  }
  if (old && old.type !== undefined && s.type !== old.type) errs.invalid(root('type'), s.type, 'field is immutable');
  immutableData(s, old, ['data'], errs);
}

/** The keys each built-in secret type requires (ValidateSecret). */
function validateSecretType(s: Obj, errs: ErrorList): void {
  const data: Obj = isObject(s.data) ? s.data : {};
  const need = (key: string) => {
    if (!(key in data)) errs.required(root('data').key(key));
  };
  switch (s.type) {
    case 'kubernetes.io/dockercfg':
      need('.dockercfg');
      break;
    case 'kubernetes.io/dockerconfigjson':
      need('.dockerconfigjson');
      break;
    case 'kubernetes.io/tls':
      need('tls.crt');
      need('tls.key');
      break;
    case 'kubernetes.io/ssh-auth':
      need('ssh-privatekey');
      break;
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data))
        errs.required(root('data').key('username'), 'must specify at least one of username or password');
      break;
    default:
      break;
  }
  if (typeof s.type === 'string' && s.type !== '' && s.type.length > 253) errs.tooLong(root('type'), 253);
}

export const secretPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Type', 'The type of the secret'),
    col('Data', 'The number of entries in the secret', { type: 'integer' }),
    AGE_COLUMN,
  ],
  cells(s: KubeObject, now) {
    return [s.metadata.name ?? '', (s.type as string) || 'Opaque', countEntries(s.data), age(s.metadata.creationTimestamp, now)];
  },
};

export const secretKind: KindDescriptor<Secret> = defineKind({
  group: '',
  version: 'v1',
  kind: 'Secret',
  resource: 'secrets',
  namespaced: true,
  schema: secret,
  protobuf: 'api.core.v1.Secret',
  printer: secretPrinter,
  default: defaultSecret,
  validate: validateSecret,
  fields: { type: (s) => s.type ?? '' },
});
