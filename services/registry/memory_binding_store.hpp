#pragma once

#include <map>
#include <mutex>

#include "libs/common/clock.hpp"
#include "services/registry/binding_store.hpp"

namespace tandem::registry {

/// Bindings in this process's memory, timed by an injected clock. Lost on restart; for the
/// all-in-one process and for tests. Callbacks run on the caller's thread. Thread-safe.
class MemoryBindingStore final : public BindingStore {
 public:
  explicit MemoryBindingStore(const Clock& clock);

  void bind(const BindCommand& command, Callback<BindingSet> done) override;
  void unbind(const UnbindCommand& command, Callback<UnbindOutcome> done) override;
  void lookup(const std::string& aor, Callback<BindingSet> done) override;
  void list(const ListQuery& query, Callback<RegistrationPage> done) override;
  void reap(Callback<ReapOutcome> done) override;

 private:
  /// Replaces an AOR's bindings, dropping the AOR when none are left. Caller holds mutex_.
  void store(const std::string& aor, std::vector<Binding> bindings);
  std::vector<Binding> live(const std::string& aor, int64_t now_ms) const;

  const Clock& clock_;
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<Binding>> aors_;
};

}  // namespace tandem::registry
