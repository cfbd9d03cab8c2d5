/**
 * A shared informer: one reflector feeding one cache (Indexer) and any number of event handlers
 * (client-go `sharedIndexInformer`).
 *
 * Handlers run synchronously, in registration order, after the cache has been updated, so a
 * handler that reads the lister sees the new state. They should only enqueue keys. A handler
 * added after the informer has objects first receives onAdd for each of them.
 *
 * On a relist the informer diffs the fresh list against its cache: new keys → onAdd, a changed
 * resourceVersion → onUpdate, keys that vanished (deleted while disconnected) → onDelete with the
 * last known state. Unchanged objects produce no call.
 *
 * Cached objects are shared by every reader and must never be mutated; under tests
 * (vitest, or KEMU_FREEZE_CACHE=1) they are deep-frozen so a mutation throws.
 */
import { objectKey, type KubeObject, type ResourceInfo } from '@kemu/api';
import type { Logger } from 'pino';
import { Indexer } from './indexer.js';
import type { Client, ListOptions, ResourceEventHandler, SharedInformer } from './interfaces.js';
import { silentLogger } from './logger.js';
import { Reflector, type ReflectorOptions } from './reflector.js';
import { deepFreeze, freezeCachedObjects, type ReflectorStore } from './store.js';

export interface SharedInformerOptions extends Omit<ReflectorOptions, 'listOptions'> {
  /** Restricts what the informer lists and watches (e.g. `fieldSelector: 'spec.nodeName=node-1'`). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Deep-freeze cached objects. Default: on under tests, off otherwise. */
  freeze?: boolean;
}

export class DefaultSharedInformer<T extends KubeObject> implements SharedInformer<T>, ReflectorStore<T> {
  readonly lister: Indexer<T>;
  private readonly handlers: ResourceEventHandler<T>[] = [];
  private readonly log: Logger;
  private readonly freeze: boolean;
  private synced = false;
  private running = false;
  private readonly syncWaiters: (() => void)[] = [];

  constructor(
    private readonly client: Client,
    readonly resource: ResourceInfo,
    private readonly opts: SharedInformerOptions = {},
  ) {
    this.lister = new Indexer<T>();
    this.freeze = opts.freeze ?? freezeCachedObjects;
    this.log = (opts.logger ?? silentLogger).child({
      module: 'informer',
      resource: resource.group ? `${resource.resource}.${resource.group}` : resource.resource,
    });
  }

  addEventHandler(h: ResourceEventHandler<T>): void {
    this.handlers.push(h);
    for (const o of this.lister.list()) this.call(h, 'onAdd', o);
  }

  addIndexer(name: string, fn: (obj: T) => string[]): void {
    this.lister.addIndexer(name, fn);
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves true once synced, false if signal aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => resolve(false);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      });
    });
  }

  isRunning(): boolean {
    return this.running;
  }

  /** Runs until signal aborts. A second call while running just waits for its own signal. */
  async run(signal: AbortSignal): Promise<void> {
    if (this.running) {
      if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      return;
    }
    this.running = true;
    const listOptions: Pick<ListOptions, 'namespace' | 'labelSelector' | 'fieldSelector'> = {
      namespace: this.opts.namespace,
      labelSelector: this.opts.labelSelector,
      fieldSelector: this.opts.fieldSelector,
    };
    const reflector = new Reflector<T>(this.client, this.resource, this, { ...this.opts, listOptions, logger: this.opts.logger });
    try {
      await reflector.run(signal);
    } finally {
      this.running = false;
    }
  }

  // ---- ReflectorStore ----------------------------------------------------------------

  replace(items: T[], resourceVersion: string): void {
    const seen = new Set<string>();
    for (const item of items) {
      const obj = this.prepare(item);
      const key = objectKey(obj);
      seen.add(key);
      const old = this.lister.set(obj);
      if (!old) this.dispatch('onAdd', obj);
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.dispatch('onUpdate', old, obj);
    }
    for (const key of this.lister.keys()) {
      if (seen.has(key)) continue;
      const old = this.lister.remove(key)!;
      this.dispatch('onDelete', old);
    }
    this.log.debug({ resourceVersion, count: items.length }, 'cache replaced');
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  add(item: T): void {
    const obj = this.prepare(item);
    const old = this.lister.set(obj);
    if (old) this.dispatch('onUpdate', old, obj);
    else this.dispatch('onAdd', obj);
  }

  update(item: T): void {
    this.add(item);
  }

  delete(item: T): void {
    const old = this.lister.remove(objectKey(item));
    this.dispatch('onDelete', old ?? this.prepare(item));
  }

  // ---- internals ---------------------------------------------------------------------

  private prepare(obj: T): T {
    return this.freeze ? deepFreeze(obj) : obj;
  }

  private dispatch(kind: 'onAdd' | 'onDelete', obj: T): void;
  private dispatch(kind: 'onUpdate', oldObj: T, newObj: T): void;
  private dispatch(kind: keyof ResourceEventHandler<T>, a: T, b?: T): void {
    for (const h of this.handlers) this.call(h, kind, a, b);
  }

  private call(h: ResourceEventHandler<T>, kind: keyof ResourceEventHandler<T>, a: T, b?: T): void {
    try {
      if (kind === 'onUpdate') h.onUpdate?.(a, b!);
      else h[kind]?.(a);
    } catch (err) {
      this.log.error({ err, handler: kind, key: objectKey(b ?? a) }, 'event handler threw');
    }
  }
}

/** A standalone informer, e.g. a kubelet's pods with `fieldSelector: spec.nodeName=<node>`. */
export function newSharedInformer<T extends KubeObject>(
  client: Client,
  r: ResourceInfo,
  opts?: SharedInformerOptions,
): DefaultSharedInformer<T> {
  return new DefaultSharedInformer<T>(client, r, opts);
}
