-- update: compare-and-swap on the key's mod revision (etcd: OptimisticPut with GetOnFailure).
-- KEYS: 1 object hash, 2 revision counter, 3 event stream, 4 TTL zset
-- ARGV: 1 storage key, 2 expected mod revision, 3 value (msgpack), 4 TTL deadline in ms ('' = none, removes any TTL)
-- Returns: {1, rev} when written; {0, 0} when the key is gone;
--          {0, modRev, value} when the mod revision differs (the current state, for the retry).
-- The stream entry carries the new value (v) and the previous mod revision (p); not the previous
-- value: watch caches keep previous states themselves (2 × the value per event otherwise).
local m = redis.call('HGET', KEYS[1], 'm')
if not m then return {0, 0} end
if m ~= ARGV[2] then return {0, tonumber(m), redis.call('HGET', KEYS[1], 'v')} end
local rev = redis.call('INCR', KEYS[2])
local r = string.format('%d', rev)
redis.call('HSET', KEYS[1], 'v', ARGV[3], 'm', r)
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[1], 'l', ARGV[4])
  redis.call('ZADD', KEYS[4], ARGV[4], ARGV[1])
elseif redis.call('HDEL', KEYS[1], 'l') == 1 then
  redis.call('ZREM', KEYS[4], ARGV[1])
end
redis.call('XADD', KEYS[3], r .. '-0', 't', 'M', 'k', ARGV[1], 'v', ARGV[3], 'p', m)
return {1, rev}
