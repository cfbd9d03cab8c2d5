-- create: write a key only if it does not exist (etcd: Txn If ModRevision(key) == 0 Then Put).
-- KEYS: 1 object hash, 2 resource index zset, 3 revision counter, 4 event stream, 5 TTL zset
-- ARGV: 1 storage key, 2 value (msgpack), 3 TTL deadline in ms ('' = none)
-- Returns: {1, rev} when written; {0, modRev} when the key exists.
local m = redis.call('HGET', KEYS[1], 'm')
if m then return {0, tonumber(m)} end
local rev = redis.call('INCR', KEYS[3])
local r = string.format('%d', rev)
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[1], 'v', ARGV[2], 'm', r, 'c', r, 'l', ARGV[3])
  redis.call('ZADD', KEYS[5], ARGV[3], ARGV[1])
else
  redis.call('HSET', KEYS[1], 'v', ARGV[2], 'm', r, 'c', r)
end
redis.call('ZADD', KEYS[2], 0, ARGV[1])
redis.call('XADD', KEYS[4], r .. '-0', 't', 'A', 'k', ARGV[1], 'v', ARGV[2], 'p', '0')
return {1, rev}
