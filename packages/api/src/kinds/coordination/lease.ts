/** Lease (coordination.k8s.io/v1): leader election and node heartbeats; updates must be conditional. */
import { z } from 'zod';
import { isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { int32, microTime } from '../../schema/common.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { objectMeta } from '../../schema/meta-v1.js';
import { defineKind, type StoredObject, type KindDescriptor } from '../descriptor.js';

const P = 'io.k8s.api.coordination.v1';

export const lease = z
  .strictObject({
    apiVersion: z.string().optional().describe('Versioned schema of this representation of the object.'),
    kind: z.string().optional().describe('The REST resource this object represents, in CamelCase.'),
    metadata: objectMeta.optional().describe('Standard object metadata.'),
    spec: z
      .strictObject({
        holderIdentity: z.string().optional().describe('Identity of the current holder.'),
        leaseDurationSeconds: int32.optional().describe('Seconds candidates wait before forcing acquisition, measured from renewTime.'),
        acquireTime: microTime.optional().describe('When the current holder acquired the lease.'),
        renewTime: microTime.optional().describe('When the current holder last renewed the lease.'),
        leaseTransitions: int32.optional().describe('How many times the lease changed holders.'),
        strategy: z.string().optional().describe('Strategy for picking the next leader in coordinated election.'),
        preferredHolder: z.string().optional().describe('Holder that should take over in coordinated election.'),
      })
      .meta({ id: `${P}.LeaseSpec`, description: 'Desired state of a lease.' })
      .optional()
      .describe('Specification of the lease.'),
  })
  .meta({ id: `${P}.Lease`, description: 'A lease, used for leader election and node heartbeats.' });

export type Lease = StoredObject<z.output<typeof lease>, 'spec'>;

export function validateLease(lease: Lease, errs: ErrorList): void {
  const spec = isObject(lease.spec) ? lease.spec : {};
  const f = root('spec');
  if (typeof spec.leaseDurationSeconds === 'number' && spec.leaseDurationSeconds <= 0) {
    errs.invalid(f.child('leaseDurationSeconds'), spec.leaseDurationSeconds, 'must be greater than 0');
  }
  if (typeof spec.leaseTransitions === 'number' && spec.leaseTransitions < 0) {
    errs.invalid(f.child('leaseTransitions'), spec.leaseTransitions, 'must be greater than or equal to 0');
  }
}

export const leasePrinter: Printer = {
  columns: [NAME_COLUMN, col('Holder', 'HolderIdentity contains the identity of the holder of a current lease.'), AGE_COLUMN],
  cells(l: Lease, now) {
    return [l.metadata.name ?? '', l.spec?.holderIdentity ?? '', age(l.metadata.creationTimestamp, now)];
  },
};

export const leaseKind: KindDescriptor<Lease> = defineKind({
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  resource: 'leases',
  namespaced: true,
  schema: lease,
  protobuf: 'api.coordination.v1.Lease',
  printer: leasePrinter,
  validate: (l: Lease, _old, errs) => validateLease(l, errs),
  strategy: { allowCreateOnUpdate: true, allowUnconditionalUpdate: false },
});
