-- init: run first on every (re)connect. Gives a new dataset its clusterId and detects a dataset
-- that lost writes (Redis came back empty or older, or failed over to a lagging replica).
-- KEYS: 1 meta hash, 2 revision counter
-- ARGV: 1 clusterId to use if the dataset has none, 2 creation time,
--       3 clusterId this client saw before ('' = none), 4 highest revision this client saw
-- Returns: {clusterId, reset (0|1), current revision}. On reset the revision counter is raised
-- to the highest revision seen and compactRev to the same, so no revision is handed out twice
-- and every older watch or read gets Compacted.
local id = redis.call('HGET', KEYS[1], 'clusterId')
if not id then
  id = ARGV[1]
  redis.call('HSET', KEYS[1], 'clusterId', id, 'createdAt', ARGV[2])
end
local rev = tonumber(redis.call('GET', KEYS[2]) or '0')
local floor = tonumber(ARGV[4])
local reset = 0
if (ARGV[3] ~= '' and id ~= ARGV[3]) or rev < floor then
  reset = 1
  if rev < floor then
    rev = floor
    redis.call('SET', KEYS[2], string.format('%d', rev))
  end
  local c = tonumber(redis.call('HGET', KEYS[1], 'compactRev') or '0')
  if c < rev then redis.call('HSET', KEYS[1], 'compactRev', string.format('%d', rev)) end
end
return {id, reset, rev}
