/**
 * The Cacher: every read of the HTTP API (list, get with a resourceVersion, watch) is answered
 * from per-resource watch caches, like kube-apiserver's cacher.
 *
 * One store watch over the whole keyspace (so one XREAD pump per process) feeds every cache;
 * a resource's cache is created on first use from one store list at revision R and applies the
 * feed's events after R. Because the feed is global, its position is the progress of every
 * cache: a consistent read takes the store's current revision and waits until the feed has
 * passed it, and bookmarks carry it.
 *
 * When the store loses history (the feed ends with Compacted: compaction overtook it, or Redis
 * came back empty), every cache is dropped, every watch ends with a 410 ERROR event so clients
 * relist, and caches are rebuilt from a fresh list on next use.
 */
import type { Logger } from 'pino';
import {
  BackoffSequence,
  expired,
  notFound,
  tooLargeResourceVersion,
  type Clock,
  type KubeObject,
  type ResourceInfo,
  type Status,
} from '@kemu/api';
import { StorageError, collectionPrefix, objectKey, resourcePrefixOf, type Store, type StorageEvent } from '@kemu/storage';
import { toStatus } from '../errors.js';
import { CachedObject } from './cached-object.js';
import type { CacheEvent } from './cache-event.js';
import { CacheWatcher, type WatchSink } from './cache-watcher.js';
import { decodeContinue, encodeContinue } from './continue-token.js';
import type { HistoryOptions } from './history.js';
import { revisionOf, type ListOptions, type ReadOptions, type WatchOptions } from './read-options.js';
import { pageOf, WatchCache, type ObjectSelection } from './watch-cache.js';
import type { WatchEncoder } from './watch-encoder.js';

export interface CacherOptions extends HistoryOptions {
  clock: Clock;
  logger?: Logger;
  /** How long a read waits for the cache to reach a revision before 504. Default 3000 ms. */
  blockTimeoutMs?: number;
  /** Live events a watcher may fall behind before it is closed. Default 10 000. */
  watcherCapacity?: number;
  /** How often every cache gives back what a burst left (history, snapshots, arrays). Default 10 s. */
  expireIntervalMs?: number;
}

export interface CacheListResult {
  items: CachedObject[];
  revision: number;
  continue?: string;
  remainingItemCount?: number;
}

export interface CacheWatchRequest {
  namespace: string | undefined;
  selection: ObjectSelection;
  options: WatchOptions;
  encoder: WatchEncoder;
  sink: WatchSink;
  /** Bookmark period when the client allows bookmarks. */
  bookmarkIntervalMs: number;
  /** Clock time the watch ends, if any. */
  deadline?: number;
  onClose: (w: CacheWatcher) => void;
}

interface Slot {
  generation: number;
  cache?: WatchCache;
  /** Feed events that arrived while the initial list was in flight. */
  pending: StorageEvent[];
  ready: Promise<WatchCache>;
}

interface Waiter {
  rev: number;
  done: (reached: boolean) => void;
}

const ROOT = '/registry/';
const CONTINUE_EXPIRED =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.';
const INCONSISTENT_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export class Cacher {
  private readonly slots = new Map<string, Slot>();
  /** Feed position: every store event up to it has been applied to every cache. */
  private rev = 0;
  private generation = 0;
  /** Resolves once the feed's start position is known (again, after a reset). */
  private positioned: Promise<void> | undefined;
  private readonly waiters = new Set<Waiter>();
  private readonly clock: Clock;
  private readonly log: Logger | undefined;
  private readonly blockTimeoutMs: number;
  private readonly capacity: number;
  private readonly lifetime = new AbortController();
  private readonly warmed = new Set<ResourceInfo>();

  constructor(
    private readonly store: Store,
    private readonly opts: CacherOptions,
  ) {
    this.clock = opts.clock;
    this.log = opts.logger;
    this.blockTimeoutMs = opts.blockTimeoutMs ?? 3_000;
    this.capacity = opts.watcherCapacity ?? 10_000;
    const every = opts.expireIntervalMs ?? 10_000;
    const tick = () => {
      for (const slot of this.slots.values()) slot.cache?.expire();
      this.cancelExpiry = this.clock.setTimeout(tick, every);
    };
    this.cancelExpiry = this.clock.setTimeout(tick, every);
  }

  private cancelExpiry: () => void;

  /** The feed's position (the revision every cache has caught up with). */
  get revision(): number {
    return this.rev;
  }

  /** Builds the caches of these resources in the background (errors are retried on use). */
  warm(resources: Iterable<ResourceInfo>): void {
    for (const r of resources) {
      this.warmed.add(r);
      this.cache(r).catch((err) =>
        this.log?.debug({ err, resource: r.resource }, 'warming the watch cache failed; it is built on first use'),
      );
    }
  }

  /** The ready cache of r, created (store list + feed) on first use. */
  async cache(r: ResourceInfo): Promise<WatchCache> {
    const prefix = collectionPrefix(r);
    for (;;) {
      if (this.lifetime.signal.aborted) throw new StorageError('Unavailable', 'the apiserver is shutting down');
      await this.position();
      const gen = this.generation;
      let slot = this.slots.get(prefix);
      if (!slot) {
        slot = this.createSlot(r, prefix, gen);
        this.slots.set(prefix, slot);
      }
      const cache = await slot.ready;
      if (gen === this.generation && this.slots.get(prefix) === slot) return cache;
    }
  }

  /** r's cache if it is built and current, without waiting (admission's lister); undefined otherwise. */
  peek(r: ResourceInfo): WatchCache | undefined {
    return this.slots.get(collectionPrefix(r))?.cache;
  }

  /** Resolves true once the cache has reached rev, false after the block timeout. */
  waitFor(cache: WatchCache, rev: number, timeoutMs = this.blockTimeoutMs): Promise<boolean> {
    if (cache.revision >= rev) return Promise.resolve(true);
    return new Promise((resolve) => {
      const w: Waiter = { rev, done: () => {} };
      const cancel = this.clock.setTimeout(() => {
        this.waiters.delete(w);
        resolve(cache.revision >= rev);
      }, timeoutMs);
      w.done = (reached) => {
        cancel();
        resolve(reached);
      };
      this.waiters.add(w);
    });
  }

  // ---- reads -------------------------------------------------------------------

  async list(r: ResourceInfo, namespace: string | undefined, sel: ObjectSelection, o: ListOptions): Promise<CacheListResult> {
    const prefix = collectionPrefix(r, namespace);
    const cache = await this.cache(r);
    const matches = cache.matcher(sel);
    if (o.continue !== '') {
      const token = decodeContinue(o.continue, prefix);
      if (token.rv > 0) {
        await this.waitOrTooLarge(cache, token.rv);
        const snap = (await this.compactedBefore(token.rv)) ? undefined : cache.snapshotAt(token.rv);
        if (!snap) throw inconsistentContinue(token.startKey, prefix);
        return this.page(snap, token.rv, prefix, token.startKey, o.limit, matches);
      }
      const rev = await this.consistentRevision(cache);
      if (rev === undefined) return this.listFromStore(r, namespace, matches);
      return this.page(cache.current(), rev, prefix, token.startKey, o.limit, matches);
    }
    const n = revisionOf(o.resourceVersion);
    if (o.resourceVersion === '') {
      const rev = await this.consistentRevision(cache);
      if (rev === undefined) return this.listFromStore(r, namespace, matches);
      return this.page(cache.current(), rev, prefix, undefined, o.limit, matches);
    }
    if (n === 0) return this.page(cache.current(), cache.revision, prefix, undefined, 0, matches);
    if (o.match === 'Exact' || (o.match === '' && o.limit > 0)) {
      await this.waitOrTooLarge(cache, n);
      const snap = (await this.compactedBefore(n)) ? undefined : cache.snapshotAt(n);
      if (!snap) throw expired('The resourceVersion for the provided list is too old.');
      return this.page(snap, n, prefix, undefined, o.limit, matches);
    }
    await this.waitOrTooLarge(cache, n);
    return this.page(cache.current(), cache.revision, prefix, undefined, o.limit, matches);
  }

  /** A get with resourceVersion "0", N (not older than) or N with match Exact. */
  async get(r: ResourceInfo, namespace: string | undefined, name: string, o: ReadOptions): Promise<KubeObject> {
    const cache = await this.cache(r);
    const key = objectKey(r, namespace, name);
    const n = revisionOf(o.resourceVersion);
    let found: CachedObject | undefined;
    if (o.resourceVersion === '') {
      const rev = await this.consistentRevision(cache);
      found = rev === undefined ? await this.getFromStore(key) : cache.get(key);
    } else if (n === 0) {
      found = cache.get(key);
    } else {
      await this.waitOrTooLarge(cache, n);
      if (o.match === 'Exact') {
        if (n < cache.floor || (await this.compactedBefore(n))) throw expired(`too old resource version: ${n} (${cache.floor})`);
        found = cache.get(key, n);
      } else {
        found = cache.get(key);
      }
    }
    if (!found) throw notFound({ group: r.group, resource: r.resource }, name);
    return found.object;
  }

  /**
   * Starts a watch on cache and returns it at once (close it to cancel). Failures after this
   * point (too old, too new) end the watch with an ERROR event, as kube-apiserver's cacher does
   * once a watch is admitted.
   */
  watch(cache: WatchCache, req: CacheWatchRequest): CacheWatcher {
    const w = new CacheWatcher({
      prefix: collectionPrefix(cache.r, req.namespace),
      matches: cache.matcher(req.selection),
      index: indexOf(req.selection),
      encoder: req.encoder,
      sink: req.sink,
      capacity: this.capacity,
      clock: this.clock,
      bookmarkIntervalMs: req.options.allowWatchBookmarks ? req.bookmarkIntervalMs : undefined,
      deadline: req.deadline,
      revision: () => cache.revision,
      onClose: (x) => {
        cache.removeWatcher(x);
        if (x.closeReason === 'overflow')
          this.log?.info({ resource: cache.r.resource }, 'watcher fell too far behind; closed so it re-watches');
        req.onClose(x);
      },
    });
    this.startWatch(cache, w, req.options).catch((err) => {
      w.start([]);
      w.fail(toStatus(err, { group: cache.r.group, resource: cache.r.resource }));
    });
    return w;
  }

  private async startWatch(cache: WatchCache, w: CacheWatcher, o: WatchOptions): Promise<void> {
    const n = revisionOf(o.resourceVersion);
    const initialState = o.sendInitialEvents ?? n === 0;
    if (o.resourceVersion === '' && initialState) {
      const rev = await this.consistentRevision(cache);
      if (rev === undefined) throw tooLargeResourceVersion('', String(cache.revision));
    }
    if (n > 0 && !(await this.waitFor(cache, n))) throw tooLargeResourceVersion(String(n), String(cache.revision));
    if (n > 0 && !initialState) {
      const compacted = await this.store.compactedRevision();
      if (n < compacted) throw expired(`too old resource version: ${n} (${compacted})`);
    }
    if (w.closed) return;
    // From here on synchronous: no event can fall between the starting point and registration.
    let initial: readonly (CachedObject | CacheEvent)[] = [];
    let endRevision: number | undefined;
    if (initialState) {
      initial = cache.current();
      if (o.sendInitialEvents) endRevision = cache.revision;
    } else if (n > 0) {
      if (n < cache.floor) throw expired(`too old resource version: ${n} (${cache.floor})`);
      initial = cache.history.since(n);
    }
    cache.addWatcher(w);
    w.start(initial, endRevision);
  }

  /** Stops the feed and ends every watch; idempotent. */
  close(): void {
    if (this.lifetime.signal.aborted) return;
    this.lifetime.abort();
    this.cancelExpiry();
    for (const slot of this.slots.values()) for (const w of [...(slot.cache?.watchers ?? [])]) w.close('shutdown');
    this.slots.clear();
    for (const w of [...this.waiters]) w.done(false);
    this.waiters.clear();
  }

  // ---- internals -----------------------------------------------------------------

  /**
   * The store's current revision once the cache has caught up with it (a consistent read), or
   * undefined when it did not within the block timeout (the caller then reads the store).
   */
  private async consistentRevision(cache: WatchCache): Promise<number | undefined> {
    const target = await this.store.currentRevision();
    if (await this.waitFor(cache, target)) return cache.revision;
    this.log?.warn(
      { resource: cache.r.resource, target, revision: cache.revision },
      'watch cache did not catch up for a consistent read; reading the store',
    );
    return undefined;
  }

  /**
   * True when the store has compacted history past rev: reads and watches there are 410 even
   * if this cache still holds them, so every apiserver answers alike (etcd semantics).
   */
  private async compactedBefore(rev: number): Promise<boolean> {
    return rev < (await this.store.compactedRevision());
  }

  private async waitOrTooLarge(cache: WatchCache, rev: number): Promise<void> {
    if (!(await this.waitFor(cache, rev))) throw tooLargeResourceVersion(String(rev), String(cache.revision));
  }

  private page(
    items: readonly CachedObject[],
    rev: number,
    prefix: string,
    startKey: string | undefined,
    limit: number,
    matches: ((o: CachedObject) => boolean) | undefined,
  ): CacheListResult {
    const p = pageOf(items, prefix, startKey, limit, matches);
    const out: CacheListResult = { items: p.items, revision: rev };
    if (p.nextKey !== undefined) {
      out.continue = encodeContinue(rev, p.nextKey, prefix);
      if (p.remaining !== undefined) out.remainingItemCount = p.remaining;
    }
    return out;
  }

  private async listFromStore(
    r: ResourceInfo,
    namespace: string | undefined,
    matches: ((o: CachedObject) => boolean) | undefined,
  ): Promise<CacheListResult> {
    const res = await this.store.list(collectionPrefix(r, namespace));
    const items = res.items.map(
      (o) => new CachedObject(objectKey(r, o.metadata.namespace, o.metadata.name ?? ''), o, Number(o.metadata.resourceVersion)),
    );
    return { items: matches ? items.filter(matches) : items, revision: res.revision };
  }

  private async getFromStore(key: string): Promise<CachedObject | undefined> {
    const obj = await this.store.get(key);
    return obj && new CachedObject(key, obj, Number(obj.metadata.resourceVersion));
  }

  private createSlot(r: ResourceInfo, prefix: string, generation: number): Slot {
    const slot: Slot = { generation, pending: [], ready: undefined as unknown as Promise<WatchCache> };
    slot.ready = (async () => {
      try {
        const { items, revision } = await this.store.list(prefix);
        const cache = new WatchCache(r, items, revision, () => this.rev, { ...this.opts, clock: this.clock });
        for (const ev of slot.pending) cache.apply(ev);
        slot.pending = [];
        slot.cache = cache;
        this.log?.debug({ resource: r.resource, objects: cache.size, revision }, 'watch cache ready');
        return cache;
      } catch (err) {
        if (this.slots.get(prefix) === slot) this.slots.delete(prefix);
        throw err;
      }
    })();
    slot.ready.catch(() => {});
    return slot;
  }

  /** Starts the feed once (and again after a reset); resolves when its position is known. */
  private position(): Promise<void> {
    this.positioned ??= this.store.currentRevision().then(
      (rev) => {
        this.advance(rev);
        void this.run();
      },
      (err) => {
        this.positioned = undefined;
        throw err;
      },
    );
    return this.positioned;
  }

  /** The feed: one store watch over the whole keyspace, restarted on failure. */
  private async run(): Promise<void> {
    const signal = this.lifetime.signal;
    let backoff = 0;
    while (!signal.aborted) {
      try {
        for await (const ev of this.store.watch({ fromRevision: this.rev, prefix: ROOT, signal })) {
          this.dispatch(ev);
          backoff = 0;
        }
        if (signal.aborted) return;
        throw new StorageError('Unavailable', 'the store ended the watch cache feed');
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof StorageError && err.code === 'Compacted') {
          this.reset(err);
          return;
        }
        backoff = Math.min(Math.max(backoff * 2, 100), 2_000);
        this.log?.warn({ err, revision: this.rev, retryInMs: backoff }, 'watch cache feed failed; resuming');
        await this.clock.sleep(backoff, signal);
      }
    }
  }

  private dispatch(ev: StorageEvent): void {
    const rp = resourcePrefixOf(ev.key);
    const slot = rp === undefined ? undefined : this.slots.get(rp);
    if (slot) {
      if (slot.cache) slot.cache.apply(ev);
      else slot.pending.push(ev);
    }
    this.advance(ev.revision);
  }

  private advance(rev: number): void {
    if (rev <= this.rev) return;
    this.rev = rev;
    for (const w of this.waiters) {
      if (w.rev <= rev) {
        this.waiters.delete(w);
        w.done(true);
      }
    }
  }

  /** The store lost history: drop every cache, end every watch with 410, start over. */
  private reset(err: StorageError): void {
    this.log?.warn({ err, revision: this.rev }, 'the store lost history; dropping watch caches, watches end with 410');
    this.generation++;
    const status: Status = expired(err.message).status;
    const slots = [...this.slots.values()];
    this.slots.clear();
    this.positioned = undefined;
    for (const slot of slots) slot.cache?.failAll(status);
    // Readers waiting for a revision the old feed would have reached retry against the new one.
    this.rebuild().catch(() => {});
  }

  private async rebuild(): Promise<void> {
    const backoff = new BackoffSequence({ durationMs: 100, factor: 2, jitter: 0, steps: Infinity, capMs: 2_000 });
    while (!this.lifetime.signal.aborted) {
      try {
        await this.position();
        if (this.warmed.size) this.warm([...this.warmed]);
        return;
      } catch (err) {
        this.log?.warn({ err }, 'restarting the watch cache feed failed; retrying');
        await this.clock.sleep(backoff.step(), this.lifetime.signal);
      }
    }
  }
}

/** Fields watchers are indexed by when their selector requires an exact value. */
const INDEXED_FIELDS = ['spec.nodeName', 'metadata.name'];

function indexOf(sel: ObjectSelection): { field: string; value: string } | undefined {
  const reqs = (sel.field as { requirements?: readonly { field: string; op: string; value: string }[] }).requirements ?? [];
  for (const field of INDEXED_FIELDS) {
    const r = reqs.find((x) => x.field === field && x.op === '=');
    if (r) return { field, value: r.value };
  }
  return undefined;
}

function inconsistentContinue(startKey: string, prefix: string) {
  try {
    const e = expired(INCONSISTENT_CONTINUE);
    e.status.metadata.continue = encodeContinue(-1, startKey, prefix);
    return e;
  } catch {
    return expired(CONTINUE_EXPIRED);
  }
}
