/** The envelope every top-level kind shares: apiVersion, kind and metadata around its own fields. */
import { z } from 'zod';
import { objectMeta } from './meta-v1.js';

/** A top-level kind of OpenAPI package `pkg` (`io.k8s.api.batch.v1`), with its own fields. */
export function kindObject<F extends Record<string, z.ZodType>>(pkg: string, kind: string, fields: F, description: string) {
  return z
    .strictObject({
      apiVersion: z
        .string()
        .optional()
        .describe(
          'The versioned schema of this representation of the object; servers convert recognized schemas to the latest internal value.',
        ),
      kind: z
        .string()
        .optional()
        .describe('The REST resource this object represents, in CamelCase; inferred from the endpoint the client submits to.'),
      metadata: objectMeta.optional().describe('Standard object metadata: name, namespace, labels, annotations, owners and versioning.'),
      ...fields,
    })
    .meta({ id: `${pkg}.${kind}`, description });
}
