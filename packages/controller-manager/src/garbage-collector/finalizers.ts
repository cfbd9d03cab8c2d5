/** The finalizers the apiserver sets for a delete's propagationPolicy and the GC clears. */
export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';

export function hasFinalizer(obj: { metadata: { finalizers?: string[] } }, f: string): boolean {
  return obj.metadata.finalizers?.includes(f) ?? false;
}
