/**
 * The EndpointSliceTracker: remembers the slices this controller wrote per service so a sync
 * against a cache that has not yet seen them (and would create duplicates, slices having
 * generated names) waits instead. A tracked write older than `ttlMs` is forgotten so a lost event
 * cannot block a service forever.
 */
import type { Clock, EndpointSlice } from '@kemu/api';

interface Written {
  resourceVersion?: string;
  deleted: boolean;
  at: number;
}

export class SliceTracker {
  private readonly services = new Map<string, Map<string, Written>>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 30_000,
  ) {}

  wrote(serviceKey: string, slice: EndpointSlice): void {
    this.entry(serviceKey).set(slice.metadata.name!, {
      resourceVersion: slice.metadata.resourceVersion,
      deleted: false,
      at: this.clock.now(),
    });
  }

  deleted(serviceKey: string, name: string): void {
    this.entry(serviceKey).set(name, { deleted: true, at: this.clock.now() });
  }

  forget(serviceKey: string): void {
    this.services.delete(serviceKey);
  }

  /** True when `cached` reflects every write made for the service. */
  isFresh(serviceKey: string, cached: EndpointSlice[]): boolean {
    const written = this.services.get(serviceKey);
    if (!written) return true;
    const byName = new Map(cached.map((s) => [s.metadata.name!, s]));
    const now = this.clock.now();
    for (const [name, w] of written) {
      const c = byName.get(name);
      const seen = w.deleted ? !c : !!c && !olderThan(c.metadata.resourceVersion, w.resourceVersion);
      if (seen || now - w.at > this.ttlMs) written.delete(name);
    }
    if (written.size === 0) {
      this.services.delete(serviceKey);
      return true;
    }
    return false;
  }

  private entry(serviceKey: string): Map<string, Written> {
    let m = this.services.get(serviceKey);
    if (!m) this.services.set(serviceKey, (m = new Map()));
    return m;
  }
}

/** resourceVersions are opaque, but ours are decimal revisions; anything else compares by equality. */
function olderThan(have: string | undefined, want: string | undefined): boolean {
  if (want === undefined) return false;
  if (have === undefined) return true;
  if (/^\d+$/.test(have) && /^\d+$/.test(want)) return BigInt(have) < BigInt(want);
  return have !== want;
}
