-- compact: forget history up to and including a revision.
-- KEYS: 1 meta hash, 2 event stream, 3 revision counter
-- ARGV: 1 revision
-- Returns: {1, rev} when compacted; {0, compactRev} when already compacted at or past it;
--          {-1, currentRev} when the revision is in the future.
local current = tonumber(redis.call('GET', KEYS[3]) or '0')
local rev = tonumber(ARGV[1])
if rev > current then return {-1, current} end
local c = tonumber(redis.call('HGET', KEYS[1], 'compactRev') or '0')
if rev <= c then return {0, c} end
redis.call('HSET', KEYS[1], 'compactRev', string.format('%d', rev))
redis.call('XTRIM', KEYS[2], 'MINID', string.format('%d', rev + 1) .. '-0')
return {1, rev}
