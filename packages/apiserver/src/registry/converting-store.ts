/**
 * A Store seen through another version or group of the same stored objects (kube-apiserver's
 * storage versions): keys of the served resource map onto the storage resource's keys, objects
 * are converted to the storage form on write and back on read, watch events included.
 * Used for events.k8s.io/v1 Events (stored as core v1 Events) and autoscaling/v1
 * HorizontalPodAutoscalers (stored as autoscaling/v2).
 */
import type { KubeObject } from '@kemu/api';
import type { ListResult, Preconditions, StorageEvent, Store, TryUpdate, WatchOptions } from '@kemu/storage';

export interface Conversion {
  /** Key prefix of the served resource, `/registry/events.k8s.io/events/`. */
  servedPrefix: string;
  /** Key prefix of the storage resource, `/registry/core/events/`. */
  storagePrefix: string;
  toStorage(obj: KubeObject): KubeObject;
  fromStorage(obj: KubeObject): KubeObject;
}

export class ConvertingStore implements Store {
  constructor(
    private readonly inner: Store,
    private readonly conv: Conversion,
  ) {}

  private key(k: string): string {
    return k.startsWith(this.conv.servedPrefix) ? this.conv.storagePrefix + k.slice(this.conv.servedPrefix.length) : k;
  }

  private out = (o: KubeObject) => this.conv.fromStorage(o);

  currentRevision(): Promise<number> {
    return this.inner.currentRevision();
  }

  async get(key: string): Promise<KubeObject | undefined> {
    const o = await this.inner.get(this.key(key));
    return o && this.out(o);
  }

  async list(prefix: string): Promise<ListResult> {
    const r = await this.inner.list(this.key(prefix));
    return { items: r.items.map(this.out), revision: r.revision };
  }

  async create(key: string, obj: KubeObject, opts?: { ttlSeconds?: number }): Promise<KubeObject> {
    return this.out(await this.inner.create(this.key(key), this.conv.toStorage(obj), opts));
  }

  async guaranteedUpdate(
    key: string,
    tryUpdate: TryUpdate,
    opts?: { preconditions?: Preconditions; ttlSeconds?: number },
  ): Promise<KubeObject> {
    const stored = await this.inner.guaranteedUpdate(
      this.key(key),
      async (cur) => this.conv.toStorage(await tryUpdate(this.out(cur))),
      opts,
    );
    return this.out(stored);
  }

  async delete(key: string, opts?: { preconditions?: Preconditions }): Promise<KubeObject> {
    return this.out(await this.inner.delete(this.key(key), opts));
  }

  async *watch(opts: WatchOptions): AsyncIterable<StorageEvent> {
    for await (const ev of this.inner.watch({ ...opts, prefix: this.key(opts.prefix) })) {
      yield { ...ev, object: this.out(ev.object), ...(ev.prevObject ? { prevObject: this.out(ev.prevObject) } : {}) };
    }
  }

  compact(revision: number): Promise<void> {
    return this.inner.compact(revision);
  }
  compactedRevision(): Promise<number> {
    return this.inner.compactedRevision();
  }
  /** The inner store belongs to the server; closing a view closes nothing. */
  async close(): Promise<void> {}
}
