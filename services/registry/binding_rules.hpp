#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "libs/common/result.hpp"
#include "services/registry/binding.hpp"

namespace tandem::registry {

/// The RFC 3261 section 10.3 rules as plain functions over an AOR's live bindings.
/// MemoryBindingStore applies them under its lock; the Redis store's Lua scripts
/// (redis_scripts/*.lua) mirror them, and one test suite holds both to the same behaviour.

/// What identifies a binding within its AOR: the RFC 5626 instance (and reg-id) when the
/// contact has one, otherwise the canonical contact URI.
std::string binding_key(const std::string& instance_id, uint32_t reg_id,
                        const std::string& contact_uri);
inline std::string binding_key(const Binding& b) {
  return binding_key(b.instance_id, b.reg_id, b.contact_uri);
}

/// Applies a REGISTER to `live` at time `now_ms`. All or nothing: FAILED_PRECONDITION for an
/// out-of-order request (same Call-ID, CSeq not higher), RESOURCE_EXHAUSTED when the AOR
/// would grow beyond command.max_contacts. Returns the bindings afterwards.
Result<std::vector<Binding>> apply_bind(const std::vector<Binding>& live,
                                        const BindCommand& command, int64_t now_ms);

/// Removes the bindings an UnbindCommand names; the same ordering rule when it has a Call-ID.
/// Returns the bindings left; `removed` counts the others.
Result<std::vector<Binding>> apply_unbind(const std::vector<Binding>& live,
                                          const UnbindCommand& command, uint32_t* removed);

/// Drops the bindings that have expired at `now_ms`.
std::vector<Binding> live_bindings(std::vector<Binding> bindings, int64_t now_ms);

/// Lookup order: highest q first, then the most recently updated, then by contact.
void sort_for_lookup(std::vector<Binding>& bindings);

}  // namespace tandem::registry
