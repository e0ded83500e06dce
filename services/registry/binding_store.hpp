#pragma once

#include <functional>
#include <string>

#include "libs/common/result.hpp"
#include "services/registry/binding.hpp"

namespace tandem::registry {

/// Where bindings live. Every mutation is atomic per AOR and follows binding_rules.hpp;
/// expired bindings are never returned. Implementations: MemoryBindingStore (the embedded
/// default) and RedisBindingStore.
///
/// Operations are asynchronous: `done` is called exactly once, on the caller's thread or on
/// a store thread, and must not block. Store failures arrive as UNAVAILABLE.
class BindingStore {
 public:
  template <class T>
  using Callback = std::function<void(Result<T>)>;

  virtual ~BindingStore() = default;

  /// Applies a REGISTER; returns the AOR's live bindings afterwards.
  virtual void bind(const BindCommand& command, Callback<BindingSet> done) = 0;
  virtual void unbind(const UnbindCommand& command, Callback<UnbindOutcome> done) = 0;
  /// The AOR's live bindings, in no particular order.
  virtual void lookup(const std::string& aor, Callback<BindingSet> done) = 0;
  /// AORs with live bindings in lexicographic order.
  virtual void list(const ListQuery& query, Callback<RegistrationPage> done) = 0;
  /// Deletes expired bindings and counts what is left.
  virtual void reap(Callback<ReapOutcome> done) = 0;
};

}  // namespace tandem::registry
