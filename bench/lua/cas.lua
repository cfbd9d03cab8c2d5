-- The bare ceiling: the CAS write of shared/reference/storage.md §3.2 with nothing around it.
-- KEYS: 1 object hash, 2 resource index zset, 3 revision counter, 4 event stream
-- ARGV: 1 expected mod revision ('0' = create-only), 2 value, 3 storage key
-- Returns: {1, rev} when written; {0, modRev, value} when the mod revision differs.
local m = tonumber(redis.call('HGET', KEYS[1], 'm') or '0')
if m ~= tonumber(ARGV[1]) then return {0, m, redis.call('HGET', KEYS[1], 'v')} end
local rev = redis.call('INCR', KEYS[3])
local r = string.format('%d', rev)
local c = r
if m == 0 then
  redis.call('ZADD', KEYS[2], 0, ARGV[3])
else
  c = redis.call('HGET', KEYS[1], 'c')
end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'm', r, 'c', c)
redis.call('XADD', KEYS[4], r .. '-0', 't', m == 0 and 'A' or 'M', 'k', ARGV[3], 'v', ARGV[2], 'p', string.format('%d', m))
return {1, rev}
