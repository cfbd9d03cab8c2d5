/**
 * One change in a watch cache's history. `object` is the new version (for DELETED: the last
 * state with resourceVersion = the delete revision); `prev` the version it replaced, taken from
 * the cache itself, so selector transitions work whatever the store's stream carries.
 */
import type { CachedObject } from './cached-object.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export class CacheEvent {
  private prevAtRev: CachedObject | undefined;

  constructor(
    readonly type: EventType,
    readonly key: string,
    readonly revision: number,
    readonly object: CachedObject,
    readonly prev: CachedObject | undefined,
    /** Clock time the cache applied it (history window). */
    readonly time: number,
  ) {}

  /**
   * What a watcher whose selector is `matches` sees: the event type and the object to send, or
   * undefined. Moving into the selection is ADDED; moving out is DELETED carrying the previous
   * state at this event's revision (as kube-apiserver's cacheWatcher does).
   */
  seenThrough(
    matches: ((o: CachedObject) => boolean) | undefined,
  ): { type: EventType; object: CachedObject; transition: boolean } | undefined {
    if (!matches) return { type: this.type, object: this.object, transition: false };
    switch (this.type) {
      case 'ADDED':
        return matches(this.object) ? { type: 'ADDED', object: this.object, transition: false } : undefined;
      case 'DELETED':
        return matches(this.prev ?? this.object) ? { type: 'DELETED', object: this.object, transition: false } : undefined;
      case 'MODIFIED': {
        const now = matches(this.object);
        const before = this.prev ? matches(this.prev) : now;
        if (now && before) return { type: 'MODIFIED', object: this.object, transition: false };
        if (now) return { type: 'ADDED', object: this.object, transition: true };
        if (before) return { type: 'DELETED', object: this.prevAtRevision(), transition: true };
        return undefined;
      }
    }
  }

  private prevAtRevision(): CachedObject {
    return (this.prevAtRev ??= this.prev!.withRevision(this.revision));
  }
}
