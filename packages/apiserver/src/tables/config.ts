/** Columns of the small configuration kinds: ConfigMap, Secret, ServiceAccount, Lease. */
import type { KubeObject, Lease } from '@kemu/api';
import { age } from './age.js';
import { AGE_COLUMN, NAME_COLUMN, col, type Printer } from './table.js';

const count = (m: unknown) => (m && typeof m === 'object' ? Object.keys(m).length : 0);

export const configMapPrinter: Printer = {
  columns: [NAME_COLUMN, col('Data', 'Number of entries in the ConfigMap', { type: 'integer' }), AGE_COLUMN],
  cells(cm: KubeObject, now) {
    return [cm.metadata.name ?? '', count(cm.data) + count(cm.binaryData), age(cm.metadata.creationTimestamp, now)];
  },
};

export const secretPrinter: Printer = {
  columns: [NAME_COLUMN, col('Type', 'The type of the secret'), col('Data', 'The number of entries in the secret', { type: 'integer' }), AGE_COLUMN],
  cells(s: KubeObject, now) {
    return [s.metadata.name ?? '', (s.type as string) || 'Opaque', count(s.data), age(s.metadata.creationTimestamp, now)];
  },
};

export const serviceAccountPrinter: Printer = {
  columns: [NAME_COLUMN, col('Secrets', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.', { type: 'integer' }), AGE_COLUMN],
  cells(sa: KubeObject, now) {
    return [sa.metadata.name ?? '', Array.isArray(sa.secrets) ? sa.secrets.length : 0, age(sa.metadata.creationTimestamp, now)];
  },
};

export const leasePrinter: Printer = {
  columns: [NAME_COLUMN, col('Holder', 'HolderIdentity contains the identity of the holder of a current lease.'), AGE_COLUMN],
  cells(l: Lease, now) {
    return [l.metadata.name ?? '', l.spec?.holderIdentity ?? '', age(l.metadata.creationTimestamp, now)];
  },
};

export const defaultPrinter: Printer = {
  columns: [NAME_COLUMN, AGE_COLUMN],
  cells(o: KubeObject, now) {
    return [o.metadata.name ?? '', age(o.metadata.creationTimestamp, now)];
  },
};
