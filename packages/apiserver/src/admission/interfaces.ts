/**
 * The admission extension points (k8s.io/apiserver/pkg/admission): a plugin declares which
 * requests it handles and implements the mutating phase (`admit`), the validating phase
 * (`validate`), or both. A plugin rejects a request by throwing an ApiError; it returns nothing
 * on success. `admit` may change `object`; `validate` must not.
 */
import type { KubeObject, ResourceInfo } from '@kemu/api';
import type { RegistryContext } from '../registry/context.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

/** What a plugin sees of one request (admission.Attributes). */
export interface Attributes {
  operation: Operation;
  resource: ResourceInfo;
  /** Set for writes through a subresource (`status`, `finalize`). */
  subresource?: string;
  namespace?: string;
  name: string;
  /** CREATE/UPDATE: the object to be stored. */
  object?: KubeObject;
  /** UPDATE: the stored object; DELETE: the object being deleted. */
  oldObject?: KubeObject;
  dryRun: boolean;
  /** The store, clock, timings and listers the plugin may read. */
  ctx: RegistryContext;
}

export interface AdmissionPlugin {
  /** The name kube-apiserver's --enable-admission-plugins uses. */
  readonly name: string;
  handles(operation: Operation, resource: ResourceInfo, subresource?: string): boolean;
  /** Mutating phase: may change `a.object`. */
  admit?(a: Attributes): void | Promise<void>;
  /** Validating phase: runs after the object passed the registry's own validation. */
  validate?(a: Attributes): void | Promise<void>;
}

/** Whether `r` is the core/v1 resource `resource` (pods, namespaces …). */
export function isCore(r: ResourceInfo, resource: string): boolean {
  return r.group === '' && r.resource === resource;
}
