/**
 * Controller expectations (client-go's ControllerExpectations + UIDTrackingControllerExpectations):
 * after a controller creates or deletes N pods it waits until its informer has observed those
 * N events before acting again on the same owner, so a stale cache never makes it create twice.
 * Expectations expire after `ttlMs` so a lost event cannot wedge an owner forever.
 */
import type { Clock } from '@kemu/api';

/** How long an unfulfilled expectation blocks its owner (Kubernetes: 5 minutes). */
export const EXPECTATIONS_TTL_MS = 5 * 60_000;

interface Expectation {
  add: number;
  del: number;
  /** When the expectation was set; used for expiry. */
  at: number;
  /** Keys (`namespace/name`) of pods whose deletion is expected; each is counted once. */
  deleting: Set<string>;
}

export class ControllerExpectations {
  private readonly items = new Map<string, Expectation>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = EXPECTATIONS_TTL_MS,
  ) {}

  /** True when the owner may be synced: no expectation, all observed, or expired. */
  satisfied(ownerKey: string): boolean {
    const e = this.items.get(ownerKey);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.clock.now() - e.at > this.ttlMs;
  }

  expectCreations(ownerKey: string, n: number): void {
    this.items.set(ownerKey, { add: n, del: 0, at: this.clock.now(), deleting: new Set() });
  }

  expectDeletions(ownerKey: string, podKeys: string[]): void {
    this.items.set(ownerKey, { add: 0, del: podKeys.length, at: this.clock.now(), deleting: new Set(podKeys) });
  }

  creationObserved(ownerKey: string): void {
    const e = this.items.get(ownerKey);
    if (e) e.add--;
  }

  /** Counts a deletion once per pod key (an update with deletionTimestamp and the delete itself). */
  deletionObserved(ownerKey: string, podKey: string): void {
    const e = this.items.get(ownerKey);
    if (e?.deleting.delete(podKey)) e.del--;
  }

  delete(ownerKey: string): void {
    this.items.delete(ownerKey);
  }
}
