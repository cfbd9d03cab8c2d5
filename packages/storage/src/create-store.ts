import { MemoryStore, type MemoryStoreOptions } from './memory-store.js';
import { RedisStore, type RedisStoreOptions } from './redis-store.js';
import type { ManagedStore } from './managed-store.js';

/**
 * Opens the store named by `url`: `memory` (in-process) or `redis://host:port` (one Redis
 * primary; `rediss://` for TLS). Redis connects in the background; operations fail with
 * StorageError('Unavailable') while it is unreachable.
 */
export function createStore(url: string, opts: MemoryStoreOptions & RedisStoreOptions = {}): ManagedStore {
  if (url === 'memory') return new MemoryStore(opts);
  if (url.startsWith('redis://') || url.startsWith('rediss://')) return new RedisStore(url, opts);
  throw new Error(`unsupported storage ${JSON.stringify(url)}: use "memory" or "redis://host:port"`);
}
