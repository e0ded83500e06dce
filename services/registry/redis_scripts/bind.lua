-- Applies one REGISTER atomically: the Redis twin of apply_bind() in binding_rules.cpp.
-- Keep the two in step; tests/unit/registry/binding_store_test.cpp holds both to one behaviour.
-- KEYS[1]: the AOR's binding hash.
-- ARGV[1]: {remove_all, call_id, cseq, max_contacts, aor,
--           shared = {p, u, a, t, o}, contacts = [{key, uri, expires, q, instance, reg_id}]}
-- Returns {'ok', now, binding JSON...} or {error code, message}.
local command = cjson.decode(ARGV[1])
local now = server_now_ms()
local live, dead, live_count = load_bindings(KEYS[1], now)

-- RFC 3261 10.3 steps 6 and 7: no replayed or reordered update under the same Call-ID.
local function reordered(binding)
  return binding and binding.i == command.call_id and binding.s >= command.cseq
end

if command.remove_all then
  for _, binding in pairs(live) do
    if reordered(binding) then return out_of_order(binding, command.call_id, command.cseq) end
  end
  redis.call('DEL', KEYS[1])
  return {'ok', now}
end

for _, contact in ipairs(command.contacts) do
  if reordered(live[contact.key]) then
    return out_of_order(live[contact.key], command.call_id, command.cseq)
  end
end

local shared, changed, deletions, count = command.shared, {}, dead, live_count
for _, contact in ipairs(command.contacts) do
  local previous = live[contact.key]
  if previous then count = count - 1 end
  if contact.expires > 0 then
    local binding = {c = contact.uri, e = now + contact.expires * 1000, q = contact.q,
                     i = command.call_id, s = command.cseq, n = contact.instance,
                     r = contact.reg_id, p = shared.p, u = shared.u, a = shared.a, t = shared.t,
                     o = shared.o, g = previous and previous.g or now, m = now}
    live[contact.key] = binding
    changed[contact.key] = binding
    count = count + 1
  else
    live[contact.key] = nil
    changed[contact.key] = nil
    deletions[#deletions + 1] = contact.key
  end
end

if count > command.max_contacts and count > live_count then
  return {'resource_exhausted', command.aor .. ' would have more than ' .. command.max_contacts ..
          ' contacts, the most allowed (registry.max_contacts_per_aor)'}
end
return store_bindings(KEYS[1], live, changed, deletions, now, {})
