/**
 * The watch cache of one resource (kube-apiserver's watchCache): the current objects, decoded
 * once and kept as a copy-on-write array sorted by key; a bounded history of events; and the
 * snapshots needed for paginated and exact-revision reads, rebuilt from the current state by
 * undoing the history back to the wanted revision (and kept in a small LRU).
 *
 * Invariants: `sorted` holds exactly the objects of the resource as of revision `applied`, in
 * key byte order; once an array has been handed out it is never mutated again (the next change
 * copies it). Every watcher has been offered every event applied since it started.
 */
import { objectFields, type Clock, type KubeObject, type ResourceInfo } from '@kemu/api';
import { collectionPrefix, objectKey, type StorageEvent } from '@kemu/storage';
import { CachedObject, lowerBound, prefixEnd } from './cached-object.js';
import { CacheEvent } from './cache-event.js';
import { History, type HistoryOptions } from './history.js';
import type { CacheWatcher } from './cache-watcher.js';
import { keyAfter } from './continue-token.js';

export interface WatchCacheOptions extends HistoryOptions {
  clock: Clock;
  /** Past-revision snapshots kept for pagination. Default 8. */
  snapshots?: number;
}

/** Selection of one request: labels and fields. */
export interface ObjectSelection {
  label: { empty(): boolean; matches(labels: Record<string, string> | undefined): boolean };
  field: { empty(): boolean; matches(fields: Record<string, string>): boolean };
}

export interface Page {
  items: CachedObject[];
  /** First key of the next page, when the page stopped at the limit. */
  nextKey?: string;
  /** Objects after this page (only without a selector). */
  remaining?: number;
}

const byKey = (a: CachedObject, b: CachedObject) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export class WatchCache {
  readonly prefix: string;
  readonly history: History;
  /** Every watcher; each is also in exactly one of `unindexed` or `byField`. */
  readonly watchers = new Set<CacheWatcher>();
  private readonly unindexed = new Set<CacheWatcher>();
  /**
   * Watchers whose field selector requires `field=value` (kubelets: `spec.nodeName`), by field
   * and value: an event is offered only to those of its old and new value (kube-apiserver's
   * watcher indexes), so N node-scoped watchers cost O(1) per event, not O(N).
   */
  private readonly byField = new Map<string, Map<string, Set<CacheWatcher>>>();
  private sorted: CachedObject[];
  /** `sorted` has been handed out: copy before the next change. */
  private shared = false;
  /** Largest length `sorted` has had since it was last reallocated. */
  private peak = 0;
  private readonly objects = new Map<string, CachedObject>();
  /** The revision `sorted` is exact at: the initial list's, then each applied event's. */
  private applied: number;
  private readonly snapshots = new Map<number, CachedObject[]>();
  private readonly maxSnapshots: number;
  private readonly clock: Clock;
  readonly fieldsOf: (o: KubeObject) => Record<string, string>;

  constructor(
    readonly r: ResourceInfo,
    items: readonly KubeObject[],
    listRevision: number,
    /** The global progress of the feed: every event up to it has been applied. */
    private readonly progress: () => number,
    opts: WatchCacheOptions,
  ) {
    this.prefix = collectionPrefix(r);
    this.clock = opts.clock;
    this.maxSnapshots = opts.snapshots ?? 8;
    this.fieldsOf = (o) => objectFields(r.group, r.resource, o);
    this.applied = listRevision;
    this.history = new History(listRevision, opts);
    this.sorted = items.map((o) => {
      const c = new CachedObject(objectKey(r, o.metadata.namespace, o.metadata.name ?? ''), o, Number(o.metadata.resourceVersion ?? 0));
      this.objects.set(c.key, c);
      return c;
    });
    this.sorted.sort(byKey);
    this.peak = this.sorted.length;
  }

  /** The revision reads are answered at: every change up to it is reflected. */
  get revision(): number {
    return Math.max(this.applied, this.progress());
  }

  /** The oldest revision a watch, an exact read or a continue token may start from. */
  get floor(): number {
    return this.history.floor;
  }

  get size(): number {
    return this.sorted.length;
  }

  /** Applies one store event (ignored if not newer) and offers it to every watcher. */
  apply(ev: StorageEvent): void {
    if (ev.revision <= this.applied) return;
    const key = ev.key;
    const prev = this.objects.get(key);
    const obj = new CachedObject(key, ev.object, ev.revision);
    let type: CacheEvent['type'];
    if (ev.type === 'DELETED') {
      type = 'DELETED';
      if (prev) {
        this.objects.delete(key);
        this.mutable().splice(lowerBound(this.sorted, key), 1);
      }
    } else {
      type = prev ? 'MODIFIED' : 'ADDED';
      this.objects.set(key, obj);
      const arr = this.mutable();
      const i = lowerBound(arr, key);
      if (prev) arr[i] = obj;
      else {
        arr.splice(i, 0, obj);
        if (arr.length > this.peak) this.peak = arr.length;
      }
    }
    this.applied = ev.revision;
    const now = this.clock.now();
    const ce = new CacheEvent(type, key, ev.revision, obj, prev, now);
    this.history.push(ce, now);
    if (this.watchers.size === 0) return;
    const shared = new Map<string, Buffer>();
    for (const w of this.unindexed) w.offer(ce, shared);
    for (const [field, byValue] of this.byField) {
      const now = ce.object.fields(this.fieldsOf)[field] ?? '';
      const before = ce.prev ? (ce.prev.fields(this.fieldsOf)[field] ?? '') : now;
      const a = byValue.get(now);
      if (a) for (const w of a) w.offer(ce, shared);
      if (before !== now) {
        const b = byValue.get(before);
        if (b) for (const w of b) w.offer(ce, shared);
      }
    }
  }

  /** Registers w for live events (indexed when its selector pins an indexed field). */
  addWatcher(w: CacheWatcher): void {
    this.watchers.add(w);
    const ix = w.index;
    if (!ix) {
      this.unindexed.add(w);
      return;
    }
    let byValue = this.byField.get(ix.field);
    if (!byValue) this.byField.set(ix.field, (byValue = new Map()));
    let set = byValue.get(ix.value);
    if (!set) byValue.set(ix.value, (set = new Set()));
    set.add(w);
  }

  removeWatcher(w: CacheWatcher): void {
    if (!this.watchers.delete(w)) return;
    const ix = w.index;
    if (!ix) {
      this.unindexed.delete(w);
      return;
    }
    const byValue = this.byField.get(ix.field);
    const set = byValue?.get(ix.value);
    set?.delete(w);
    if (set && set.size === 0) byValue!.delete(ix.value);
    if (byValue && byValue.size === 0) this.byField.delete(ix.field);
  }

  /** The objects at revision rev, sorted by key; undefined when rev is older than the history. */
  snapshotAt(rev: number): readonly CachedObject[] | undefined {
    if (rev >= this.applied) return this.current();
    if (rev < this.history.floor) return undefined;
    const hit = this.snapshots.get(rev);
    if (hit) {
      this.snapshots.delete(rev);
      this.snapshots.set(rev, hit);
      return hit;
    }
    // Undo newest → oldest: what remains per key is the state before its first change after rev.
    const undo = new Map<string, CachedObject | null>();
    for (let i = this.history.size - 1; i >= 0; i--) {
      const e = this.history.at(i);
      if (e.revision <= rev) break;
      undo.set(e.key, e.prev ?? null);
    }
    const out: CachedObject[] = [];
    for (const o of this.sorted) {
      const u = undo.get(o.key);
      if (u === undefined) {
        out.push(o);
        continue;
      }
      undo.delete(o.key);
      if (u) out.push(u);
    }
    let extra = false;
    for (const u of undo.values())
      if (u) {
        out.push(u);
        extra = true;
      }
    if (extra) out.sort(byKey);
    this.snapshots.set(rev, out);
    if (this.snapshots.size > this.maxSnapshots) this.snapshots.delete(this.snapshots.keys().next().value!);
    return out;
  }

  /**
   * Returns memory after a burst: expires history the window no longer needs, drops snapshots
   * that now predate the history (no read can use them), and reallocates the sorted array once
   * it has shrunk to half its peak (splice never gives back an array's backing store).
   */
  expire(): void {
    this.history.expire(this.clock.now());
    for (const rev of this.snapshots.keys()) if (rev < this.history.floor) this.snapshots.delete(rev);
    if (this.sorted.length * 2 <= this.peak) {
      this.sorted = this.sorted.slice();
      this.shared = false;
      this.peak = this.sorted.length;
    }
  }

  /** Past-revision snapshots held for pagination. */
  get snapshotCount(): number {
    return this.snapshots.size;
  }

  /** The current objects (an array that is never mutated afterwards). */
  current(): readonly CachedObject[] {
    this.shared = true;
    return this.sorted;
  }

  /** One object now, or at revision rev (undefined = absent); throws nothing. */
  get(key: string, rev?: number): CachedObject | undefined {
    if (rev === undefined || rev >= this.applied) return this.objects.get(key);
    for (let i = this.history.firstAfter(rev); i < this.history.size; i++) {
      const e = this.history.at(i);
      if (e.key === key) return e.prev;
    }
    return this.objects.get(key);
  }

  /** The selector as a predicate on cached objects; undefined when it selects everything. */
  matcher(sel: ObjectSelection): ((o: CachedObject) => boolean) | undefined {
    const label = sel.label.empty() ? undefined : sel.label;
    const field = sel.field.empty() ? undefined : sel.field;
    if (!label && !field) return undefined;
    const fieldsOf = this.fieldsOf;
    return (o) => (!label || label.matches(o.object.metadata.labels)) && (!field || field.matches(o.fields(fieldsOf)));
  }

  /** Ends every watcher with status (e.g. 410 when the cache is dropped). */
  failAll(status: Parameters<CacheWatcher['fail']>[0]): void {
    for (const w of [...this.watchers]) {
      this.removeWatcher(w);
      w.fail(status);
    }
  }

  private mutable(): CachedObject[] {
    if (this.shared) {
      this.sorted = this.sorted.slice();
      this.shared = false;
    }
    return this.sorted;
  }
}

/**
 * One page of `items` (sorted by key): the objects under prefix from startKey on that match,
 * at most limit of them (0 = all).
 */
export function pageOf(
  items: readonly CachedObject[],
  prefix: string,
  startKey: string | undefined,
  limit: number,
  matches: ((o: CachedObject) => boolean) | undefined,
): Page {
  const lo = lowerBound(items, startKey !== undefined && startKey > prefix ? startKey : prefix);
  const hi = lowerBound(items, prefixEnd(prefix));
  if (!matches && limit <= 0) return { items: items.slice(lo, hi) };
  const out: CachedObject[] = [];
  let i = lo;
  for (; i < hi; i++) {
    if (limit > 0 && out.length >= limit) break;
    const o = items[i];
    if (!matches || matches(o)) out.push(o);
  }
  if (limit > 0 && out.length >= limit && i < hi) {
    return { items: out, nextKey: keyAfter(out[out.length - 1].key), remaining: matches ? undefined : hi - i };
  }
  return { items: out };
}
