/**
 * @kemu/storage — etcd's contract as kube-apiserver uses it (see interfaces.ts), on Redis
 * (RedisStore: Lua CAS writes, one global event stream, one XREAD pump per process) or
 * in-process (MemoryStore). Key names are built only by keys.ts. Only the apiserver uses this.
 */
export * from './interfaces.js';
export { objectKey, collectionPrefix, resourcePrefixOf, RedisKeys } from './keys.js';
export { MAX_VALUE_BYTES } from './codec.js';
export type { ManagedStore, StoreOptions, StoreLogger } from './managed-store.js';
export { MemoryStore, type MemoryStoreOptions } from './memory-store.js';
export { RedisStore, type RedisStoreOptions } from './redis-store.js';
export { createStore } from './create-store.js';
export { parseSentinelUrl, sentinelRedisOptions, type SentinelTarget } from './sentinel-url.js';
