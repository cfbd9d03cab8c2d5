/**
 * A Strategy holds the rules that differ per resource (kube-apiserver's RESTCreateStrategy,
 * RESTUpdateStrategy, RESTDeleteStrategy): what a create resets, what an update may not change,
 * whether generation is tracked, grace periods, and side effects around writes.
 */
import type { DeleteOptionsBody } from './delete-options.js';
import { kindDescriptorFor, type KubeObject, type ResourceInfo, type StatusCause } from '@kemu/api';
import type { RegistryContext } from './context.js';
import type { WriteTxn } from './write-txn.js';

export interface Strategy {
  /** The resource has a `status` subresource: creates reset status, main updates keep it. */
  statusSubresource: boolean;
  /** metadata.generation is 1 on create and +1 on every spec change or deletion. */
  tracksGeneration: boolean;
  /** Keep a client-provided status on create (nodes register with status). */
  keepStatusOnCreate: boolean;
  /** PUT of a missing object creates it. */
  allowCreateOnUpdate: boolean;
  /** PUT without metadata.resourceVersion is accepted. */
  allowUnconditionalUpdate: boolean;
  /** DELETE answers with the object rather than a Status. */
  returnDeletedObject: boolean;
  /** Objects expire this long after their last write, re-attached on every create and update (Events: --event-ttl). */
  ttlSeconds?: number | ((ctx: RegistryContext) => number | undefined);
  /** Server-owned fields on create. Mutates obj. */
  prepareForCreate(obj: KubeObject, ctx: RegistryContext): void;
  /** Carries over what a main-resource update may not change. Mutates obj. */
  prepareForUpdate(obj: KubeObject, old: KubeObject, ctx: RegistryContext): void;
  /**
   * The object a write through a subresource other than `status` stores, from the request's
   * object and the current one (a Namespace's `finalize` takes spec.finalizers only). Undefined:
   * the subresource is not written that way.
   */
  prepareForSubresourceUpdate?(subresource: string, next: KubeObject, current: KubeObject): KubeObject | undefined;
  /** Defaulting beyond the schema (RC labels from its template). Mutates obj. */
  canonicalize?(obj: KubeObject): void;
  /** Resource rules beyond the schema, as 422 causes. */
  validate?(obj: KubeObject, old: KubeObject | undefined): StatusCause[];
  /** The grace period a DELETE gets; 0 = delete at once. */
  gracePeriodSeconds(obj: KubeObject, options: DeleteOptionsBody): number;
  /** Side effects before the object is stored (allocations); register rollback on txn. */
  beginCreate?(obj: KubeObject, txn: WriteTxn, ctx: RegistryContext): Promise<void>;
  beginUpdate?(obj: KubeObject, old: KubeObject, txn: WriteTxn, ctx: RegistryContext): Promise<void>;
  /** Finalizers outside metadata.finalizers that hold a deletion (a Namespace's spec.finalizers): how many are pending. */
  pendingFinalizers?(obj: KubeObject): number;
  /** Marks an object that a DELETE leaves in place (graceful or finalizing) as being deleted. Mutates obj. */
  prepareForDelete?(obj: KubeObject): void;
  /** After the object is gone from the store. */
  afterDelete?(obj: KubeObject, ctx: RegistryContext): Promise<void>;
}

/** The rules every resource starts from: its kind descriptor's strategy facts and pure hooks. */
export function baseStrategy(r: ResourceInfo): Strategy {
  const statusSubresource = r.subresources.some((s) => s.name === 'status');
  const kind = r.custom ? undefined : kindDescriptorFor(r)?.strategy;
  return {
    statusSubresource,
    tracksGeneration: kind?.tracksGeneration ?? false,
    keepStatusOnCreate: kind?.keepStatusOnCreate ?? false,
    allowCreateOnUpdate: kind?.allowCreateOnUpdate ?? false,
    allowUnconditionalUpdate: kind?.allowUnconditionalUpdate ?? true,
    returnDeletedObject: kind?.returnDeletedObject ?? false,
    prepareForCreate(obj) {
      if (statusSubresource && !this.keepStatusOnCreate) delete obj.status;
      kind?.prepareForCreate?.(obj);
    },
    prepareForUpdate(obj, old) {
      if (statusSubresource) {
        if (old.status === undefined) delete obj.status;
        else obj.status = old.status;
      }
      kind?.prepareForUpdate?.(obj, old);
    },
    ...(kind?.canonicalize ? { canonicalize: kind.canonicalize } : {}),
    gracePeriodSeconds: () => 0,
  };
}
