-- Removes one contact, or all with "*": the Redis twin of apply_unbind() in binding_rules.cpp.
-- KEYS[1]: the AOR's binding hash. ARGV[1]: {contact, call_id, cseq}.
-- Returns {'ok', now, removed count, remaining binding JSON...}.
local command = cjson.decode(ARGV[1])
local now = server_now_ms()
local live, dead = load_bindings(KEYS[1], now)

local removed = {}
for binding_key, binding in pairs(live) do
  if command.contact == '*' or binding.c == command.contact then
    if command.call_id ~= '' and binding.i == command.call_id and binding.s >= command.cseq then
      return out_of_order(binding, command.call_id, command.cseq)
    end
    removed[#removed + 1] = binding_key
  end
end
local deletions = dead
for _, binding_key in ipairs(removed) do
  live[binding_key] = nil
  deletions[#deletions + 1] = binding_key
end
return store_bindings(KEYS[1], live, {}, deletions, now, {#removed})
