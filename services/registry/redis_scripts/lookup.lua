-- The AOR's live bindings. KEYS[1]: the AOR's binding hash. Returns {now, binding JSON...}.
local now = server_now_ms()
local result = {now}
local stored = redis.call('HGETALL', KEYS[1])
for i = 2, #stored, 2 do
  if cjson.decode(stored[i]).e > now then result[#result + 1] = stored[i] end
end
return result
