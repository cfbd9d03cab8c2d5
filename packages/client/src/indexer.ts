/**
 * An informer's cache: objects by key plus secondary indexes (client-go `cache.Indexer` +
 * `threadSafeMap`). Always indexed by namespace. Implements Lister.
 *
 * Objects stored here are shared with every reader: never mutate them (clone first).
 */
import { everything, objectKey, type KubeObject, type Selector } from '@kemu/api';
import type { Lister } from './interfaces.js';

export type IndexFunc<T> = (obj: T) => string[];

export const NAMESPACE_INDEX = 'namespace';

export class Indexer<T extends KubeObject> implements Lister<T> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  /** index name → index value → keys; kept in step with `items` on every write. */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor() {
    this.addIndexer(NAMESPACE_INDEX, (o) => [o.metadata.namespace ?? '']);
  }

  /** Adds an index; existing objects are indexed at once. */
  addIndexer(name: string, fn: IndexFunc<T>): void {
    if (this.indexers.has(name)) throw new Error(`indexer "${name}" already exists`);
    this.indexers.set(name, fn);
    const index = new Map<string, Set<string>>();
    this.indices.set(name, index);
    for (const [key, obj] of this.items) this.indexOne(index, fn, key, obj);
  }

  hasIndexer(name: string): boolean {
    return this.indexers.has(name);
  }

  /** Inserts or replaces; returns the previous object. */
  set(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    this.items.set(key, obj);
    for (const [name, fn] of this.indexers) this.indexOne(this.indices.get(name)!, fn, key, obj);
    return old;
  }

  /** Removes by key; returns the removed object. */
  remove(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.unindex(key, old);
    this.items.delete(key);
    return old;
  }

  keys(): string[] {
    return [...this.items.keys()];
  }
  size(): number {
    return this.items.size;
  }

  // ---- Lister ----------------------------------------------------------------------

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  list(selector: Selector = everything): T[] {
    const out: T[] = [];
    for (const o of this.items.values()) if (selector.matches(o.metadata.labels)) out.push(o);
    return out;
  }

  listNamespace(namespace: string, selector: Selector = everything): T[] {
    return this.byIndex(NAMESPACE_INDEX, namespace).filter((o) => selector.matches(o.metadata.labels));
  }

  byIndex(indexName: string, value: string): T[] {
    const index = this.indices.get(indexName);
    if (!index) throw new Error(`index "${indexName}" does not exist`);
    const keys = index.get(value);
    if (!keys) return [];
    const out: T[] = [];
    for (const k of keys) out.push(this.items.get(k)!);
    return out;
  }

  private indexOne(index: Map<string, Set<string>>, fn: IndexFunc<T>, key: string, obj: T): void {
    for (const v of new Set(fn(obj))) {
      let set = index.get(v);
      if (!set) index.set(v, (set = new Set()));
      set.add(key);
    }
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indices.get(name)!;
      for (const v of fn(obj)) {
        const set = index.get(v);
        if (!set) continue;
        set.delete(key);
        if (set.size === 0) index.delete(v);
      }
    }
  }
}
