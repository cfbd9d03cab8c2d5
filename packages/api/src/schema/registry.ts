/** The schema of each kind, as OpenAPI publishes it: read from the kind descriptors. */
import { z } from 'zod';
import { KINDS, kindDescriptorFor } from '../kinds/index.js';
import { apiVersionOf, type ResourceInfo } from '../resources.js';
import type { GroupVersionKind } from './common.js';

export interface KindSchema {
  gvk: GroupVersionKind;
  /** The OpenAPI component name, `io.k8s.api.apps.v1.Deployment`. */
  id: string;
  schema: z.ZodType;
}

function kindSchemaOf(d: { group: string; version: string; kind: string; schema?: z.ZodType; openapiId?: string }): KindSchema | undefined {
  if (!d.schema || !d.openapiId) return undefined;
  return { gvk: { group: d.group, version: d.version, kind: d.kind }, id: d.openapiId, schema: d.schema };
}

/** Top-level kinds, in the order of the resource registry. */
export const KIND_SCHEMAS: readonly KindSchema[] = KINDS.flatMap((d) => kindSchemaOf(d) ?? []);

const byGvk = new Map(KIND_SCHEMAS.map((k) => [`${k.gvk.group}/${k.gvk.version}/${k.gvk.kind}`, k]));

/** The schema of a resource's kind, or undefined for kinds kemu does not describe. */
export function kindSchemaFor(r: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): KindSchema | undefined {
  return kindDescriptorFor(r) ? byGvk.get(`${r.group}/${r.version}/${r.kind}`) : undefined;
}

export function kindSchemasOf(group: string, version: string): KindSchema[] {
  return KIND_SCHEMAS.filter((k) => k.gvk.group === group && k.gvk.version === version);
}

export { apiVersionOf };

/**
 * The OpenAPI 3.0 flavoured JSON schema of a kind: `{ $ref, definitions }` with one definition per
 * named schema it reaches, keyed by Kubernetes' component names.
 */
export function openapiSchemaOf(k: KindSchema): { definitions: Record<string, Record<string, unknown>> } {
  const generated = z.toJSONSchema(k.schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any', reused: 'inline' }) as {
    definitions?: Record<string, Record<string, unknown>>;
  };
  return { definitions: generated.definitions ?? {} };
}
