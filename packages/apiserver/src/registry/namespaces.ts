/**
 * Namespace rules: created Active with the `kubernetes` finalizer; a DELETE turns it
 * Terminating, the namespace controller empties it and clears spec.finalizers through the
 * `finalize` subresource, and then it goes away: spec.finalizers hold the deletion like
 * metadata.finalizers do.
 */
import type { Namespace, ResourceInfo } from '@kemu/api';
import { baseStrategy, type Strategy } from './strategy.js';

export const NAMESPACE_FINALIZER = 'kubernetes';

export function namespaceStrategy(r: ResourceInfo): Strategy {
  const base = baseStrategy(r);
  return {
    ...base,
    prepareForCreate(obj) {
      const ns = obj as Namespace;
      ns.status = { phase: 'Active' };
      const spec = (ns.spec ?? {}) as { finalizers?: string[] };
      if (!spec.finalizers?.includes(NAMESPACE_FINALIZER)) spec.finalizers = [...(spec.finalizers ?? []), NAMESPACE_FINALIZER];
      ns.spec = spec;
    },
    prepareForUpdate(obj, old) {
      base.prepareForUpdate(obj, old, undefined as never);
      const ns = obj as Namespace;
      const oldSpec = (old as Namespace).spec;
      if (oldSpec === undefined) delete ns.spec;
      else ns.spec = { ...(ns.spec ?? {}), finalizers: oldSpec.finalizers };
    },
    prepareForSubresourceUpdate(subresource, next, current) {
      if (subresource !== 'finalize') return undefined;
      const finalizers = (next as Namespace).spec?.finalizers ?? [];
      return { ...current, spec: { ...((current as Namespace).spec ?? {}), finalizers } };
    },
    pendingFinalizers: (obj) => (obj as Namespace).spec?.finalizers?.length ?? 0,
    prepareForDelete(obj) {
      const ns = obj as Namespace;
      ns.status = { ...(ns.status ?? {}), phase: 'Terminating' };
    },
  };
}
