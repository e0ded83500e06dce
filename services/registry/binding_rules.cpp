#include "services/registry/binding_rules.hpp"

#include <algorithm>

namespace tandem::registry {
namespace {

Failure out_of_order(const Binding& stored, const std::string& call_id, uint32_t cseq) {
  return {ErrorCode::failed_precondition, "out of order: CSeq " + std::to_string(cseq) +
                                              " is not higher than " + std::to_string(stored.cseq) +
                                              ", already stored for Call-ID " + call_id +
                                              " and contact " + stored.contact_uri};
}

/// RFC 3261 10.3 steps 6 and 7: a request may not replay or reorder an update of a binding
/// that was made under the same Call-ID.
const Binding* find_reordered(const std::vector<const Binding*>& affected,
                              const std::string& call_id, uint32_t cseq) {
  for (const Binding* stored : affected) {
    if (stored->call_id == call_id && stored->cseq >= cseq) return stored;
  }
  return nullptr;
}

const Binding* find_by_key(const std::vector<Binding>& bindings, const std::string& key) {
  for (const auto& binding : bindings) {
    if (binding_key(binding) == key) return &binding;
  }
  return nullptr;
}

Binding make_binding(const BindCommand& command, const ContactChange& change,
                     const Binding* previous, int64_t now_ms) {
  Binding b;
  b.aor = command.aor;
  b.contact_uri = change.uri;
  b.expires_at_ms = now_ms + change.expires_seconds * 1000;
  b.q_milli = change.q_milli;
  b.call_id = command.call_id;
  b.cseq = command.cseq;
  b.instance_id = change.instance_id;
  b.reg_id = change.reg_id;
  b.path = command.path;
  b.user_agent = command.user_agent;
  b.source_address = command.source_address;
  b.transport = command.transport;
  b.node_id = command.node_id;
  b.registered_at_ms = previous != nullptr ? previous->registered_at_ms : now_ms;
  b.updated_at_ms = now_ms;
  return b;
}

Result<std::vector<Binding>> remove_all(const std::vector<Binding>& live,
                                        const BindCommand& command) {
  std::vector<const Binding*> affected;
  for (const auto& binding : live) affected.push_back(&binding);
  if (const Binding* stored = find_reordered(affected, command.call_id, command.cseq)) {
    return out_of_order(*stored, command.call_id, command.cseq);
  }
  return std::vector<Binding>{};
}

Failure too_many(const BindCommand& command) {
  return {ErrorCode::resource_exhausted,
          command.aor + " would have more than " + std::to_string(command.max_contacts) +
              " contacts, the most allowed (registry.max_contacts_per_aor)"};
}

}  // namespace

std::string binding_key(const std::string& instance_id, uint32_t reg_id,
                        const std::string& contact_uri) {
  if (instance_id.empty()) return "u:" + contact_uri;
  if (reg_id == 0) return "i:" + instance_id;
  return "i:" + instance_id + "#" + std::to_string(reg_id);
}

Result<std::vector<Binding>> apply_bind(const std::vector<Binding>& live,
                                        const BindCommand& command, int64_t now_ms) {
  if (command.remove_all) return remove_all(live, command);
  std::vector<const Binding*> affected;
  for (const auto& change : command.contacts) {
    if (const Binding* stored = find_by_key(live, change.key)) affected.push_back(stored);
  }
  if (const Binding* stored = find_reordered(affected, command.call_id, command.cseq)) {
    return out_of_order(*stored, command.call_id, command.cseq);
  }
  std::vector<Binding> result = live;
  for (const auto& change : command.contacts) {
    const Binding* previous = find_by_key(live, change.key);
    std::erase_if(result, [&](const Binding& b) { return binding_key(b) == change.key; });
    if (change.expires_seconds > 0) {
      result.push_back(make_binding(command, change, previous, now_ms));
    }
  }
  if (result.size() > command.max_contacts && result.size() > live.size()) {
    return too_many(command);
  }
  return result;
}

Result<std::vector<Binding>> apply_unbind(const std::vector<Binding>& live,
                                          const UnbindCommand& command, uint32_t* removed) {
  const bool all = command.contact_uri == "*";
  std::vector<const Binding*> affected;
  std::vector<Binding> remaining;
  for (const auto& binding : live) {
    if (all || binding.contact_uri == command.contact_uri) {
      affected.push_back(&binding);
    } else {
      remaining.push_back(binding);
    }
  }
  if (!command.call_id.empty()) {
    if (const Binding* stored = find_reordered(affected, command.call_id, command.cseq)) {
      return out_of_order(*stored, command.call_id, command.cseq);
    }
  }
  *removed = static_cast<uint32_t>(affected.size());
  return remaining;
}

std::vector<Binding> live_bindings(std::vector<Binding> bindings, int64_t now_ms) {
  std::erase_if(bindings, [now_ms](const Binding& b) { return b.expires_at_ms <= now_ms; });
  return bindings;
}

void sort_for_lookup(std::vector<Binding>& bindings) {
  std::sort(bindings.begin(), bindings.end(), [](const Binding& a, const Binding& b) {
    if (a.q_milli != b.q_milli) return a.q_milli > b.q_milli;
    if (a.updated_at_ms != b.updated_at_ms) return a.updated_at_ms > b.updated_at_ms;
    return a.contact_uri < b.contact_uri;
  });
}

}  // namespace tandem::registry
