/**
 * Object schemas: the zod source of truth for the shape of every kind kemu serves, the
 * defaults Kubernetes applies, validation into Status causes, and the material for OpenAPI.
 */
import type { ResourceInfo } from '../resources.js';
import type { KubeObject } from '../types.js';
import { applyDefaults } from './defaults.js';
import { dropNulls } from './validate.js';

export { validateObject, dropNulls, type ValidateOptions, type ValidationResult } from './validate.js';
export { KIND_SCHEMAS, kindSchemaFor, kindSchemasOf, openapiSchemaOf, type KindSchema } from './registry.js';
export { imageTag } from './defaults.js';
export { canonicalQuantity } from './canonical-quantity.js';
export { checkJsonSchema, applyJsonSchemaDefaults } from './json-schema.js';
export { cronScheduleError } from './workloads-validation.js';
export type { GroupVersionKind } from './common.js';

/** A defaulted deep copy of obj (null-valued fields dropped, as Go's decoding does). Never mutates obj. */
export function defaultObject(r: ResourceInfo, obj: KubeObject): KubeObject {
  // dropNulls copies every object and array of JSON data: one pass, no structuredClone first.
  const copy = dropNulls(obj);
  if (copy.metadata === undefined) copy.metadata = {};
  applyDefaults(r, copy as Record<string, any>);
  return copy;
}
