-- Removes a directory entry at once. KEYS as in announce.lua; ARGV[1]: node id.
-- Returns 1 if the node was known.
local removed = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return removed
