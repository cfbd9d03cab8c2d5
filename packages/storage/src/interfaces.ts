/**
 * The Store: etcd's contract as kube-apiserver uses it (see shared/reference/storage.md §1).
 * Keys are strings like `/registry/apps/deployments/default/web` (see keys.ts); values are
 * Kubernetes objects. The store owns `metadata.resourceVersion`: it strips it before writing
 * and sets it (the key's mod revision) on every object it returns.
 */
import type { KubeObject } from '@kemu/api';

export type StorageErrorCode =
  | 'KeyNotFound' // → 404
  | 'KeyExists' // → 409 AlreadyExists
  | 'Conflict' // CAS or precondition failed → 409 Conflict
  | 'Compacted' // revision below the compacted one → 410 Expired
  | 'TooLargeRevision' // → 504
  | 'TooLarge' // value over the size limit → 413
  | 'Unavailable' // backend down, nothing written → 503
  | 'Timeout'; // a write was sent but no reply came: its outcome is unknown → 504

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    readonly key?: string,
    readonly currentRevision?: number,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

export interface ListResult {
  items: KubeObject[];
  revision: number;
}

/**
 * One change. Events are shared by every watcher that receives them (decoded once): treat
 * `object` and `prevObject` as read-only, and copy before changing anything.
 */
export interface StorageEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  revision: number;
  /** The new state; for DELETED, the last state with resourceVersion = the delete revision. */
  object: KubeObject;
  /**
   * The previous state. DELETED: always (the state that was deleted, at its mod revision).
   * MODIFIED: only when the store has it at hand — MemoryStore does; RedisStore does not (its
   * stream entries carry only the new value, to halve the bytes per write), so a consumer that
   * needs the previous state of a MODIFIED event (selector transitions) keeps it itself, as the
   * apiserver's watch cache does. Never set for ADDED.
   */
  prevObject?: KubeObject;
}

export interface WatchOptions {
  /** Deliver every event with revision > fromRevision. */
  fromRevision: number;
  /** Only keys starting with this prefix. */
  prefix: string;
  signal: AbortSignal;
}

/** Returns the next state; throwing aborts the update with that error. */
export type TryUpdate = (current: KubeObject) => KubeObject | Promise<KubeObject>;

export interface Store {
  /** The current global revision (linearizable). */
  currentRevision(): Promise<number>;
  get(key: string): Promise<KubeObject | undefined>;
  /** All objects under prefix at one consistent revision. */
  list(prefix: string): Promise<ListResult>;
  /** Create-only. Throws KeyExists. `ttlSeconds` deletes it (with a DELETED event) later. */
  create(key: string, obj: KubeObject, opts?: { ttlSeconds?: number }): Promise<KubeObject>;
  /**
   * GuaranteedUpdate: reads the current object, calls tryUpdate, CAS-writes the result; retries
   * on a concurrent write. An update that changes nothing writes nothing and returns current.
   * Throws KeyNotFound when absent; Conflict when preconditions fail.
   */
  guaranteedUpdate(key: string, tryUpdate: TryUpdate, opts?: { preconditions?: Preconditions; ttlSeconds?: number }): Promise<KubeObject>;
  /** Deletes; returns the last state with resourceVersion = delete revision. */
  delete(key: string, opts?: { preconditions?: Preconditions }): Promise<KubeObject>;
  /**
   * Every change under prefix after fromRevision, in revision order, each once. Throws (or the
   * iterator throws) StorageError('Compacted') when fromRevision is older than the history kept.
   */
  watch(opts: WatchOptions): AsyncIterable<StorageEvent>;
  /** Forgets history up to revision; watches and reads from before it get Compacted. */
  compact(revision: number): Promise<void>;
  compactedRevision(): Promise<number>;
  close(): Promise<void>;
}
