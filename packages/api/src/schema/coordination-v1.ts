/** Schemas of `coordination.k8s.io/v1`: Lease. */
import { z } from 'zod';
import { int32, microTime } from './common.js';
import { objectMeta } from './meta-v1.js';

const P = 'io.k8s.api.coordination.v1';

export const lease = z.strictObject({
  apiVersion: z.string().optional().describe('Versioned schema of this representation of the object.'),
  kind: z.string().optional().describe('The REST resource this object represents, in CamelCase.'),
  metadata: objectMeta.optional().describe('Standard object metadata.'),
  spec: z.strictObject({
    holderIdentity: z.string().optional().describe('Identity of the current holder.'),
    leaseDurationSeconds: int32.optional().describe('Seconds candidates wait before forcing acquisition, measured from renewTime.'),
    acquireTime: microTime.optional().describe('When the current holder acquired the lease.'),
    renewTime: microTime.optional().describe('When the current holder last renewed the lease.'),
    leaseTransitions: int32.optional().describe('How many times the lease changed holders.'),
    strategy: z.string().optional().describe('Strategy for picking the next leader in coordinated election.'),
    preferredHolder: z.string().optional().describe('Holder that should take over in coordinated election.'),
  }).meta({ id: `${P}.LeaseSpec`, description: 'Desired state of a lease.' }).optional().describe('Specification of the lease.'),
}).meta({ id: `${P}.Lease`, description: 'A lease, used for leader election and node heartbeats.' });
