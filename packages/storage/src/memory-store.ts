/**
 * MemoryStore: the Store contract in-process, kemu's embedded default. Values are kept encoded
 * (the same deterministic codec as Redis) so no-op updates, isolation of returned objects and
 * size limits behave exactly as with Redis. History is an in-memory event log, contiguous from
 * compactRev + 1 to the current revision.
 */
import { realClock, type Clock, type KubeObject } from '@kemu/api';
import type { ListResult, Preconditions, StorageEvent, TryUpdate, WatchOptions } from './interfaces.js';
import { decodeObject, encodeObject, withResourceVersion } from './codec.js';
import { checkedCurrent, nextState } from './preconditions.js';
import { storageEvent } from './storage-event.js';
import { DEFAULT_WATCH_CAPACITY, Watcher } from './watcher.js';
import {
  DEFAULT_COMPACT_INTERVAL_MS,
  DEFAULT_REAP_INTERVAL_MS,
  startCompactorLoop,
  startReaperLoop,
  type ManagedStore,
  type StoreLogger,
  type StoreOptions,
} from './managed-store.js';
import { compactedError, notFoundError, existsError, closedError, futureRevisionError } from './errors.js';

export interface MemoryStoreOptions extends StoreOptions {
  /** Events kept before the oldest are compacted away automatically. Default 100 000. */
  maxHistory?: number;
}

interface Entry {
  bytes: Buffer;
  mod: number;
  create: number;
  /** TTL deadline in ms since the epoch, if any. */
  deadline?: number;
}

export class MemoryStore implements ManagedStore {
  private readonly data = new Map<string, Entry>();
  /** Keys that carry a TTL deadline. */
  private readonly expiring = new Set<string>();
  private rev = 0;
  private compactRev = 0;
  /** log[i].revision === compactRev + 1 + i: the history not yet compacted. */
  private log: StorageEvent[] = [];
  private readonly watchers = new Set<Watcher>();
  private closed = false;
  private readonly clock: Clock;
  private readonly capacity: number;
  private readonly maxHistory: number;
  private readonly logger?: StoreLogger;

  constructor(opts: MemoryStoreOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.capacity = opts.watchCapacity ?? DEFAULT_WATCH_CAPACITY;
    this.maxHistory = opts.maxHistory ?? 100_000;
    this.logger = opts.logger;
  }

  async currentRevision(): Promise<number> {
    this.assertOpen();
    return this.rev;
  }

  async get(key: string): Promise<KubeObject | undefined> {
    this.assertOpen();
    const e = this.data.get(key);
    return e && decodeObject(e.bytes, e.mod);
  }

  async list(prefix: string): Promise<ListResult> {
    this.assertOpen();
    const keys: string[] = [];
    for (const k of this.data.keys()) if (k.startsWith(prefix)) keys.push(k);
    keys.sort();
    const items = keys.map((k) => {
      const e = this.data.get(k)!;
      return decodeObject(e.bytes, e.mod);
    });
    return { items, revision: this.rev };
  }

  async create(key: string, obj: KubeObject, opts?: { ttlSeconds?: number }): Promise<KubeObject> {
    this.assertOpen();
    const enc = encodeObject(obj, key);
    if (this.data.has(key)) throw existsError(key, this.rev);
    const rev = this.commit('ADDED', key, enc.bytes, this.deadline(opts?.ttlSeconds), undefined);
    return withResourceVersion(enc.object, rev);
  }

  async guaranteedUpdate(
    key: string,
    tryUpdate: TryUpdate,
    opts?: { preconditions?: Preconditions; ttlSeconds?: number },
  ): Promise<KubeObject> {
    for (;;) {
      this.assertOpen();
      const e = this.data.get(key);
      if (!e) throw notFoundError(key, this.rev);
      const enc = await nextState(key, opts?.preconditions, e, tryUpdate);
      this.assertOpen();
      if (this.data.get(key) !== e) continue;
      if (enc.bytes.equals(e.bytes)) return withResourceVersion(enc.object, e.mod);
      const rev = this.commit('MODIFIED', key, enc.bytes, this.deadline(opts?.ttlSeconds), e);
      return withResourceVersion(enc.object, rev);
    }
  }

  async delete(key: string, opts?: { preconditions?: Preconditions }): Promise<KubeObject> {
    this.assertOpen();
    const e = this.data.get(key);
    if (!e) throw notFoundError(key, this.rev);
    const last = checkedCurrent(key, opts?.preconditions, e);
    const rev = this.commit('DELETED', key, undefined, undefined, e);
    return withResourceVersion(last, rev);
  }

  watch(opts: WatchOptions): AsyncIterable<StorageEvent> {
    const from = opts.fromRevision > 0 ? opts.fromRevision : this.rev;
    const w = new Watcher(opts.prefix, from, this.capacity, opts.signal, (x) => this.watchers.delete(x));
    if (w.done) return w;
    if (this.closed) {
      w.fail(closedError());
      return w;
    }
    if (from < this.compactRev) {
      w.fail(compactedError(from, this.compactRev));
      return w;
    }
    const first = this.compactRev + 1;
    for (let i = Math.max(0, from + 1 - first); i < this.log.length; i++) w.replay(this.log[i]);
    w.endCatchUp();
    if (!w.done) this.watchers.add(w);
    return w;
  }

  async compact(revision: number): Promise<void> {
    this.assertOpen();
    if (revision > this.rev) throw futureRevisionError(revision, this.rev);
    this.compactTo(revision);
  }

  async compactedRevision(): Promise<number> {
    return this.compactRev;
  }

  async reapExpired(nowMs: number): Promise<number> {
    this.assertOpen();
    let n = 0;
    for (const key of [...this.expiring]) {
      const e = this.data.get(key);
      if (!e || e.deadline === undefined) {
        this.expiring.delete(key);
        continue;
      }
      if (e.deadline > nowMs) continue;
      this.commit('DELETED', key, undefined, undefined, e);
      n++;
    }
    return n;
  }

  startReaper(signal: AbortSignal, intervalMs = DEFAULT_REAP_INTERVAL_MS): void {
    startReaperLoop(this, this.clock, signal, intervalMs, this.logger);
  }

  startCompactor(signal: AbortSignal, intervalMs = DEFAULT_COMPACT_INTERVAL_MS): void {
    startCompactorLoop(this, this.clock, signal, intervalMs, this.logger);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of [...this.watchers]) w.close();
    this.watchers.clear();
  }

  /** Applies one write at the next revision and emits its event; `bytes` undefined = delete. */
  private commit(
    type: StorageEvent['type'],
    key: string,
    bytes: Buffer | undefined,
    deadline: number | undefined,
    prev: Entry | undefined,
  ): number {
    const rev = ++this.rev;
    if (bytes) {
      this.data.set(key, { bytes, mod: rev, create: prev ? prev.create : rev, deadline });
      if (deadline !== undefined) this.expiring.add(key);
      else this.expiring.delete(key);
    } else {
      this.data.delete(key);
      this.expiring.delete(key);
    }
    const ev = storageEvent(type, key, rev, bytes ?? prev!.bytes, prev ? prev.mod : 0, prev?.bytes);
    this.log.push(ev);
    if (this.log.length > this.maxHistory) this.compactTo(rev - this.maxHistory);
    for (const w of this.watchers) w.offer(ev);
    return rev;
  }

  private compactTo(revision: number): void {
    if (revision <= this.compactRev) return;
    this.log = this.log.slice(revision - this.compactRev);
    this.compactRev = revision;
  }

  private deadline(ttlSeconds: number | undefined): number | undefined {
    return ttlSeconds !== undefined && ttlSeconds > 0 ? this.clock.now() + ttlSeconds * 1000 : undefined;
  }

  private assertOpen(): void {
    if (this.closed) throw closedError();
  }
}
