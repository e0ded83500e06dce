-- Shared by the binding scripts (prepended to each by redis_scripts.cpp).
-- Bindings are stored in one hash per AOR: field = binding key (see binding_key() in
-- binding_rules.cpp), value = the binding as JSON:
--   c contact URI, e expires at (ms), q q*1000, i Call-ID, s CSeq, n +sip.instance,
--   r reg-id, p Path list, u User-Agent, a source address, t transport, o node id,
--   g registered at (ms), m updated at (ms).
-- Time is always the Redis server's clock, so that every registry replica agrees on expiry.
local function server_now_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

-- Reads the AOR's bindings: live ones by key, the keys of expired ones, how many are live.
local function load_bindings(key, now)
  local live, dead, count = {}, {}, 0
  local stored = redis.call('HGETALL', key)
  for i = 1, #stored, 2 do
    local binding = cjson.decode(stored[i + 1])
    if binding.e > now then
      live[stored[i]] = binding
      count = count + 1
    else
      dead[#dead + 1] = stored[i]
    end
  end
  return live, dead, count
end

local function out_of_order(binding, call_id, cseq)
  return {'failed_precondition', 'out of order: CSeq ' .. cseq .. ' is not higher than ' ..
          binding.s .. ', already stored for Call-ID ' .. call_id .. ' and contact ' .. binding.c}
end

-- Writes the AOR's bindings back: deletes `deletions`, writes `changed`, lets Redis drop the
-- whole hash when its last binding expires. Returns {'ok', now, extra..., binding JSON...}.
local function store_bindings(key, live, changed, deletions, now, extra)
  if #deletions > 0 then redis.call('HDEL', key, unpack(deletions)) end
  local result, fields, latest = {'ok', now}, {}, 0
  for _, value in ipairs(extra) do result[#result + 1] = value end
  for binding_key, binding in pairs(live) do
    local encoded = cjson.encode(binding)
    if changed[binding_key] then
      fields[#fields + 1] = binding_key
      fields[#fields + 1] = encoded
    end
    result[#result + 1] = encoded
    if binding.e > latest then latest = binding.e end
  end
  if #fields > 0 then redis.call('HSET', key, unpack(fields)) end
  if latest == 0 then
    redis.call('DEL', key)
  else
    redis.call('PEXPIREAT', key, latest)
  end
  return result
end
