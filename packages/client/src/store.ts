/**
 * What a reflector writes into (client-go's `cache.Store` as the reflector uses it): the whole
 * state on (re)list, then one change per watch event.
 */
import type { KubeObject } from '@kemu/api';

export interface ReflectorStore<T extends KubeObject> {
  /** Replaces the contents with a fresh list taken at `resourceVersion`. */
  replace(items: T[], resourceVersion: string): void;
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
}

/** The cache key: `namespace/name`, or `name` for cluster-scoped objects. */
export { objectKey as keyFunc } from '@kemu/api';

/**
 * Deep-freezes a cached object so that a consumer mutating it fails loudly. The informers do it
 * when KEMU_FREEZE_CACHE=1 or under vitest; production skips the cost.
 */
export function deepFreeze<T>(obj: T): T {
  if (obj && typeof obj === 'object' && !Object.isFrozen(obj)) {
    Object.freeze(obj);
    for (const v of Object.values(obj as object)) deepFreeze(v);
  }
  return obj;
}

export const freezeCachedObjects =
  process.env.KEMU_FREEZE_CACHE === '1' || (process.env.KEMU_FREEZE_CACHE !== '0' && process.env.VITEST !== undefined);
