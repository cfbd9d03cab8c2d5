/** ServiceAccount (core/v1): an identity for processes in pods; metadata only here. */
import { z } from 'zod';
import { age } from '../../printers/age.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { localObjectReference } from '../../schema/common.js';
import type { ErrorList } from '../../schema/field-errors.js';
import { kindObject } from '../../schema/kind.js';
import { objectReference } from '../../schema/pod-spec.js';
import type { KubeObject } from '../../types.js';
import { defineKind, type KindDescriptor, type ObjectOf } from '../descriptor.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.core.v1';

export const serviceAccount = kindObject(
  P,
  'ServiceAccount',
  {
    secrets: z.array(objectReference).optional().describe('Secrets pods running as this account may use.'),
    imagePullSecrets: z.array(localObjectReference).optional().describe('Secrets used to pull images of pods using this account.'),
    automountServiceAccountToken: z.boolean().optional().describe('Whether pods mount a token automatically.'),
  },
  'An identity for processes running in pods.',
);

export type ServiceAccount = ObjectOf<typeof serviceAccount>;

export function validateServiceAccount(_sa: Obj, _errs: ErrorList): void {
  /* metadata only */
}

export const serviceAccountPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col(
      'Secrets',
      'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.',
      { type: 'integer' },
    ),
    AGE_COLUMN,
  ],
  cells(sa: KubeObject, now) {
    return [sa.metadata.name ?? '', Array.isArray(sa.secrets) ? sa.secrets.length : 0, age(sa.metadata.creationTimestamp, now)];
  },
};

export const serviceAccountKind: KindDescriptor<ServiceAccount> = defineKind({
  group: '',
  version: 'v1',
  kind: 'ServiceAccount',
  resource: 'serviceaccounts',
  namespaced: true,
  shortNames: ['sa'],
  schema: serviceAccount,
  protobuf: 'api.core.v1.ServiceAccount',
  printer: serviceAccountPrinter,
});
