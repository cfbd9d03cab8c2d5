-- list: every object of a lexicographic index range, read atomically with the global revision.
-- KEYS: 1 resource index zset, 2 revision counter
-- ARGV: 1 lex min ('-' or '[<prefix>'), 2 lex max ('+' or '[<prefix>\xff'), 3 object hash key prefix
-- Returns: {rev, modRev1, value1, modRev2, value2, ...} in key (byte) order.
-- Touches object hashes not named in KEYS: fine on one Redis primary (all keys share one hash tag).
local out = {tonumber(redis.call('GET', KEYS[2]) or '0')}
local members = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], ARGV[2])
local n = 1
for i = 1, #members do
  local h = redis.call('HMGET', ARGV[3] .. members[i], 'm', 'v')
  if h[1] then
    out[n + 1] = tonumber(h[1])
    out[n + 2] = h[2]
    n = n + 2
  end
end
return out
