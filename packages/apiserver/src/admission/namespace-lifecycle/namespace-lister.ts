/**
 * The namespaces NamespaceLifecycle admission reads, as kube-apiserver's plugin reads them: from
 * the watch cache (its informer) when the cache can vouch for the namespace, else live from the
 * store. A namespace this apiserver was asked to delete is looked up live for a while after
 * (kube-apiserver's forceLiveLookupCache), so a create right after `kubectl delete ns` sees it
 * terminating even before the watch cache does.
 */
import { R, type Clock, type Namespace } from '@kemu/api';
import { objectKey } from '@kemu/storage';
import type { Cacher } from '../../cache/cacher.js';

/** How long a deleted namespace is read live (kube-apiserver: 30 s). */
export const FORCE_LIVE_LOOKUP_MS = 30_000;

export interface NamespaceLister {
  /** The namespace if the watch cache has it, live and not terminating, and no live read is forced; else undefined (read the store). */
  cachedActive(name: string): Namespace | undefined;
  /** A delete of the namespace is under way here: read it live for a while. */
  forceLiveLookup(name: string): void;
}

export class CachedNamespaceLister implements NamespaceLister {
  private readonly forced = new Map<string, number>();

  constructor(
    private readonly cacher: Cacher,
    private readonly clock: Clock,
  ) {}

  cachedActive(name: string): Namespace | undefined {
    if (this.forced.size) {
      const until = this.forced.get(name);
      if (until !== undefined) {
        if (this.clock.now() < until) return undefined;
        this.forced.delete(name);
      }
    }
    const cache = this.cacher.peek(R.namespaces);
    const ns = cache?.get(objectKey(R.namespaces, undefined, name))?.object as Namespace | undefined;
    if (!ns || ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') return undefined;
    return ns;
  }

  forceLiveLookup(name: string): void {
    const now = this.clock.now();
    if (this.forced.size > 1024) for (const [k, until] of this.forced) if (until <= now) this.forced.delete(k);
    this.forced.set(name, now + FORCE_LIVE_LOOKUP_MS);
  }
}
