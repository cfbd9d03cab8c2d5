-- delete: delete a key if its mod revision is unchanged (etcd: OptimisticDelete).
-- KEYS: 1 object hash, 2 resource index zset, 3 revision counter, 4 event stream, 5 TTL zset
-- ARGV: 1 storage key, 2 expected mod revision
-- Returns: {1, rev} when deleted; {0, 0} when the key is gone;
--          {0, modRev, value} when the mod revision differs (the current state, for the retry).
-- The stream entry carries the deleted value (v) and its mod revision (p).
local cur = redis.call('HMGET', KEYS[1], 'm', 'v')
if not cur[1] then return {0, 0} end
if cur[1] ~= ARGV[2] then return {0, tonumber(cur[1]), cur[2]} end
local rev = redis.call('INCR', KEYS[3])
local r = string.format('%d', rev)
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[5], ARGV[1])
redis.call('XADD', KEYS[4], r .. '-0', 't', 'D', 'k', ARGV[1], 'v', cur[2], 'p', cur[1])
return {1, rev}
