-- Deletes the AOR's expired bindings. KEYS[1]: the AOR's binding hash.
-- Returns {removed, live}.
local now = server_now_ms()
local live, dead, count = load_bindings(KEYS[1], now)
if #dead > 0 then redis.call('HDEL', KEYS[1], unpack(dead)) end
return {#dead, count}
