import { MemoryStore, type MemoryStoreOptions } from './memory-store.js';
import { RedisStore, type RedisStoreOptions } from './redis-store.js';
import type { ManagedStore } from './managed-store.js';
import { SENTINEL_SCHEME, parseSentinelUrl, sentinelRedisOptions } from './sentinel-url.js';

/**
 * Opens the store named by `url`: `memory` (in-process) or `redis://host:port` (one Redis
 * primary; `rediss://` for TLS), or `redis-sentinel://host:port[,host:port]/<mastername>` (the
 * primary that Redis Sentinel names, followed across failovers; see sentinel-url.ts). Redis
 * connects in the background; operations fail with StorageError('Unavailable') while it is
 * unreachable.
 */
export function createStore(url: string, opts: MemoryStoreOptions & RedisStoreOptions = {}): ManagedStore {
  if (url === 'memory') return new MemoryStore(opts);
  if (url.startsWith('redis://') || url.startsWith('rediss://')) return new RedisStore(url, opts);
  if (url.startsWith(SENTINEL_SCHEME)) {
    return new RedisStore('redis://', { ...opts, redis: { ...opts.redis, ...sentinelRedisOptions(parseSentinelUrl(url)) } });
  }
  throw new Error(
    `unsupported storage ${JSON.stringify(url)}: use "memory", "redis://host:port" or "redis-sentinel://host:port[,host:port]/<mastername>"`,
  );
}
