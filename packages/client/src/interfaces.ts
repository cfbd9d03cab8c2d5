/**
 * The contracts components program against. Implementations live beside this file
 * (rest-client.ts, shared-informer.ts, …); fakes for controller tests in testing/.
 * Every component (scheduler, controllers, kubelet, proxy, cli) depends only on these.
 */
import type { KubeObject, KubeList, PatchType, ResourceInfo, WatchEvent, Selector } from '@kemu/api';

export type { PatchType } from '@kemu/api';

export interface ListOptions {
  namespace?: string; // omit = all namespaces (or cluster-scoped)
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  limit?: number;
  continue?: string;
}

export interface WatchOptions extends ListOptions {
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
  /** Server-side apply only: take ownership of conflicting fields. */
  force?: boolean;
}

/**
 * A typed REST client over one apiserver (or several, failing over). All methods reject with
 * an ApiError (from @kemu/api) carrying the server's Status, or a plain Error on transport
 * failure.
 */
export interface Client {
  get<T extends KubeObject>(r: ResourceInfo, namespace: string | undefined, name: string): Promise<T>;
  list<T extends KubeObject>(r: ResourceInfo, opts?: ListOptions): Promise<KubeList<T>>;
  create<T extends KubeObject>(r: ResourceInfo, namespace: string | undefined, obj: T, opts?: WriteOptions): Promise<T>;
  /** PUT; `obj.metadata.resourceVersion` is the optimistic-lock precondition. */
  update<T extends KubeObject>(r: ResourceInfo, obj: T, opts?: WriteOptions): Promise<T>;
  /** PUT to /status. */
  updateStatus<T extends KubeObject>(r: ResourceInfo, obj: T): Promise<T>;
  /** PUT to another writable subresource, e.g. namespaces/finalize. */
  updateSubresource<T extends KubeObject>(r: ResourceInfo, obj: T, subresource: string): Promise<T>;
  patch<T extends KubeObject>(
    r: ResourceInfo,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts?: WriteOptions & { subresource?: string },
  ): Promise<T>;
  delete(r: ResourceInfo, namespace: string | undefined, name: string, opts?: DeleteOptions): Promise<void>;
  /** POST to a subresource, e.g. pods/binding or pods/eviction. */
  createSubresource<T = unknown>(
    r: ResourceInfo,
    namespace: string | undefined,
    name: string,
    subresource: string,
    body: unknown,
  ): Promise<T>;
  /**
   * Opens a watch. Events arrive in order; the iterator ends when the server closes the watch,
   * the signal aborts, or the connection drops. An ERROR event (e.g. 410) is yielded as is.
   */
  watch<T extends KubeObject>(r: ResourceInfo, opts: WatchOptions, signal: AbortSignal): AsyncIterable<WatchEvent<T>>;
  /**
   * Every resource the server serves now, from discovery: one entry per group/resource, in the
   * group's preferred version. Unlike @kemu/api's RESOURCES it includes what was added at run time.
   */
  serverResources(): Promise<ResourceInfo[]>;
}

export interface ResourceEventHandler<T extends KubeObject> {
  onAdd?(obj: T): void;
  onUpdate?(oldObj: T, newObj: T): void;
  /** `obj` is the last known state. */
  onDelete?(obj: T): void;
}

/** Read-only view of an informer's cache. Objects returned are shared: never mutate them. */
export interface Lister<T extends KubeObject> {
  list(selector?: Selector): T[];
  /** key = `namespace/name` or `name` */
  get(key: string): T | undefined;
  listNamespace(namespace: string, selector?: Selector): T[];
  /** Objects whose index `indexName` produced `value` (see SharedInformer.addIndexer). */
  byIndex(indexName: string, value: string): T[];
}

export interface SharedInformer<T extends KubeObject> {
  readonly resource: ResourceInfo;
  readonly lister: Lister<T>;
  addEventHandler(h: ResourceEventHandler<T>): void;
  /** Adds a secondary index (before run). `fn` returns the index values of an object. */
  addIndexer(name: string, fn: (obj: T) => string[]): void;
  /** Lists, then watches from the list's resourceVersion; relists on 410; runs until signal aborts. */
  run(signal: AbortSignal): Promise<void>;
  hasSynced(): boolean;
}

/** A rate-limited work queue of string keys, with client-go's semantics: a key is never processed twice at once. */
export interface RateLimitingQueue {
  add(key: string): void;
  addAfter(key: string, delayMs: number): void;
  addRateLimited(key: string): void;
  forget(key: string): void;
  numRequeues(key: string): number;
  /** Resolves with the next key, or undefined once shut down and drained. */
  get(): Promise<string | undefined>;
  done(key: string): void;
  shutDown(): void;
  len(): number;
}

export interface EventRecorder {
  event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** One shared informer per resource (all namespaces), created on first request. */
export interface SharedInformerFactory {
  forResource<T extends KubeObject>(r: ResourceInfo): SharedInformer<T>;
  /** Runs every informer requested so far (and any requested later) until signal aborts. */
  start(signal: AbortSignal): void;
  /** Resolves true once every started informer has synced, false if signal aborts first. */
  waitForCacheSync(signal?: AbortSignal): Promise<boolean>;
}
