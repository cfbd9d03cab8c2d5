/**
 * Object schemas: the zod source of truth for the shape of every kind kemu serves, the
 * defaults Kubernetes applies, validation into Status causes, and the material for OpenAPI.
 * The per-kind parts live in the kind descriptors (`kinds/`); this folder holds what they share.
 */
import { kindDescriptorFor } from '../kinds/index.js';
import type { ResourceInfo } from '../resources.js';
import type { KubeObject } from '../types.js';
import { applyJsonSchemaDefaults } from './json-schema.js';
import { dropNulls } from './validate.js';

export { validateObject, decodeError, dropNulls, type ValidateOptions, type ValidationResult } from './validate.js';
export { KIND_SCHEMAS, kindSchemaFor, kindSchemasOf, openapiSchemaOf, type KindSchema } from './registry.js';
export { imageTag } from './pod-spec-defaults.js';
export { canonicalQuantity } from './canonical-quantity.js';
export { checkJsonSchema, applyJsonSchemaDefaults } from './json-schema.js';
export { cronScheduleError } from '../kinds/batch/cron-job.js';
export type { GroupVersionKind } from './common.js';

/** Applies the defaults of r's kind (or a custom resource's schema defaults) to obj in place. */
function applyDefaults(
  r: Pick<ResourceInfo, 'group' | 'version' | 'kind'> & Partial<Pick<ResourceInfo, 'custom'>>,
  obj: Record<string, any>,
): void {
  if (r.custom) {
    if (r.custom.schema) applyJsonSchemaDefaults(r.custom.schema, obj);
    return;
  }
  kindDescriptorFor(r)?.default?.(obj);
}

/** A defaulted deep copy of obj (null-valued fields dropped, as Go's decoding does). Never mutates obj. */
export function defaultObject(r: ResourceInfo, obj: KubeObject): KubeObject {
  // dropNulls copies every object and array of JSON data: one pass, no structuredClone first.
  const copy = dropNulls(obj);
  if (copy.metadata === undefined) copy.metadata = {};
  applyDefaults(r, copy as Record<string, any>);
  return copy;
}
