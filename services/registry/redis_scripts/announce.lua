-- Creates or refreshes a directory entry. KEYS: the node hash (id -> Node protobuf), the
-- expiry zset (id -> expires at ms), the first-seen zset (id -> announced at ms).
-- ARGV: node id, Node bytes, TTL in ms. Returns {announced at, expires at}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local expires = now + tonumber(ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], expires, ARGV[1])
redis.call('ZADD', KEYS[3], now, ARGV[1])
return {now, expires}
