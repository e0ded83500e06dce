#include "services/registry/memory_binding_store.hpp"

#include "services/registry/binding_rules.hpp"

namespace tandem::registry {

MemoryBindingStore::MemoryBindingStore(const Clock& clock) : clock_(clock) {}

std::vector<Binding> MemoryBindingStore::live(const std::string& aor, int64_t now_ms) const {
  const auto found = aors_.find(aor);
  if (found == aors_.end()) return {};
  return live_bindings(found->second, now_ms);
}

void MemoryBindingStore::store(const std::string& aor, std::vector<Binding> bindings) {
  if (bindings.empty()) {
    aors_.erase(aor);
  } else {
    aors_[aor] = std::move(bindings);
  }
}

void MemoryBindingStore::bind(const BindCommand& command, Callback<BindingSet> done) {
  const int64_t now = to_unix_ms(clock_.now());
  std::unique_lock lock(mutex_);
  auto result = apply_bind(live(command.aor, now), command, now);
  if (result) store(command.aor, result.value());
  lock.unlock();
  if (!result) return done(result.failure());
  done(BindingSet{now, std::move(result).value()});
}

void MemoryBindingStore::unbind(const UnbindCommand& command, Callback<UnbindOutcome> done) {
  const int64_t now = to_unix_ms(clock_.now());
  uint32_t removed = 0;
  std::unique_lock lock(mutex_);
  auto result = apply_unbind(live(command.aor, now), command, &removed);
  if (result) store(command.aor, result.value());
  lock.unlock();
  if (!result) return done(result.failure());
  done(UnbindOutcome{removed, BindingSet{now, std::move(result).value()}});
}

void MemoryBindingStore::lookup(const std::string& aor, Callback<BindingSet> done) {
  const int64_t now = to_unix_ms(clock_.now());
  std::unique_lock lock(mutex_);
  BindingSet set{now, live(aor, now)};
  lock.unlock();
  done(std::move(set));
}

void MemoryBindingStore::list(const ListQuery& query, Callback<RegistrationPage> done) {
  const int64_t now = to_unix_ms(clock_.now());
  RegistrationPage page{now, {}, false};
  std::unique_lock lock(mutex_);
  auto it = query.after >= query.prefix && !query.after.empty() ? aors_.upper_bound(query.after)
                                                                : aors_.lower_bound(query.prefix);
  for (; it != aors_.end() && it->first.starts_with(query.prefix); ++it) {
    auto bindings = live_bindings(it->second, now);
    if (bindings.empty()) continue;
    if (page.registrations.size() == query.limit) {
      page.more = true;
      break;
    }
    page.registrations.push_back({it->first, std::move(bindings)});
  }
  lock.unlock();
  done(std::move(page));
}

void MemoryBindingStore::reap(Callback<ReapOutcome> done) {
  const int64_t now = to_unix_ms(clock_.now());
  ReapOutcome outcome;
  std::unique_lock lock(mutex_);
  for (auto it = aors_.begin(); it != aors_.end();) {
    auto bindings = live_bindings(it->second, now);
    outcome.removed_bindings += it->second.size() - bindings.size();
    outcome.live_bindings += bindings.size();
    if (bindings.empty()) {
      it = aors_.erase(it);
    } else {
      it->second = std::move(bindings);
      ++outcome.live_aors;
      ++it;
    }
  }
  lock.unlock();
  done(outcome);
}

}  // namespace tandem::registry
