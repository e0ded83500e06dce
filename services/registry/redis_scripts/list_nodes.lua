-- The live directory entries, after deleting expired ones. KEYS as in announce.lua.
-- Returns a flat list: id, Node bytes, announced at, expires at, id, ...
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, id in ipairs(expired) do
  redis.call('HDEL', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
end
local result = {}
local entries = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
for i = 1, #entries, 2 do
  local id = entries[i]
  local node = redis.call('HGET', KEYS[1], id)
  if node then
    result[#result + 1] = id
    result[#result + 1] = node
    result[#result + 1] = redis.call('ZSCORE', KEYS[3], id) or tostring(now)
    result[#result + 1] = entries[i + 1]
  end
end
return result
