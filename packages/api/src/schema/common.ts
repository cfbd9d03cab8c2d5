/**
 * Building blocks shared by the per-group schemas: the scalar formats Kubernetes uses
 * (int32/int64, Time, IntOrString, Quantity) and the naming convention for schema ids.
 *
 * Every named schema carries an `id` equal to the OpenAPI component name Kubernetes uses
 * (`io.k8s.api.core.v1.Pod`), so `z.toJSONSchema` emits `$ref`s with the familiar names.
 */
import { z } from 'zod';

export const int32 = z.number().int().min(-2147483648).max(2147483647);
export const int64 = z.number().int();

/** metav1.Time: RFC 3339 with second precision. */
export const time = z.string().meta({
  id: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
  description: 'A point in time, serialized as an RFC 3339 timestamp with second precision (for example 2024-01-02T15:04:05Z).',
  format: 'date-time',
});

/** metav1.MicroTime: RFC 3339 with microseconds. */
export const microTime = z.string().meta({
  id: 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
  description: 'A point in time with microsecond precision, serialized as RFC 3339 (for example 2024-01-02T15:04:05.000000Z).',
  format: 'date-time',
});

export const intOrString = z.union([int32, z.string()]).meta({
  id: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  description: 'Either an integer or a string, such as a port number or a port name, or a count or a percentage.',
  format: 'int-or-string',
});

export const quantity = z.union([z.string(), z.number()]).meta({
  id: 'io.k8s.apimachinery.pkg.api.resource.Quantity',
  description:
    'A fixed-point amount in the Kubernetes quantity format: a number optionally followed by a binary (Ki, Mi, Gi, …) or decimal (m, k, M, G, …) suffix, such as 500m or 128Mi.',
});

export const stringMap = z.record(z.string(), z.string());
export const resourceList = z.record(z.string(), quantity);

/** A name reference to an object in the same namespace. */
export const localObjectReference = z
  .strictObject({
    name: z.string().optional().describe('Name of the referenced object.'),
  })
  .meta({ id: 'io.k8s.api.core.v1.LocalObjectReference', description: 'Points at another object in the same namespace by name.' });

/** A loosely described object: accepted as-is, nested unknown fields are not reported. */
export function opaque(description: string) {
  return z.record(z.string(), z.unknown()).describe(description);
}

/** Group/version/kind of a top-level kind, as published in OpenAPI. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export const typedLocalObjectReference = z
  .strictObject({
    apiGroup: z.string().optional().describe('API group of the referenced object; empty for the core group.'),
    kind: z.string().describe('Kind of the referenced object.'),
    name: z.string().describe('Name of the referenced object.'),
  })
  .meta({ id: `io.k8s.api.core.v1.TypedLocalObjectReference`, description: 'Points at an object of any kind in the same namespace.' });
