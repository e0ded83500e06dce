#pragma once

#include <string>

#include "services/registry/binding_store.hpp"
#include "services/registry/redis_client.hpp"

namespace tandem::registry {

/// Bindings in Redis. Each mutation is one Lua script over one AOR's hash (key
/// "<prefix>:aor:{<aor>}", hash-tagged so that Redis Cluster keeps an AOR in one slot), so
/// it is atomic however many registry replicas share the server; expiry is measured by the
/// Redis server's clock. A sorted set "<prefix>:aors" indexes AOR names for List: every bind
/// that leaves bindings adds its AOR, reaping removes AORs left empty. The index lives in a
/// slot of its own, so it is kept in step by separate commands, ordered so that a
/// registration racing a reap is not lost from it (see unindex()).
class RedisBindingStore final : public BindingStore {
 public:
  RedisBindingStore(RedisClient& redis, std::string key_prefix);

  void bind(const BindCommand& command, Callback<BindingSet> done) override;
  void unbind(const UnbindCommand& command, Callback<UnbindOutcome> done) override;
  void lookup(const std::string& aor, Callback<BindingSet> done) override;
  void list(const ListQuery& query, Callback<RegistrationPage> done) override;
  void reap(Callback<ReapOutcome> done) override;

 private:
  struct ListState;
  struct ReapState;

  std::string aor_key(const std::string& aor) const;
  void unindex(const std::string& aor);
  void list_chunk(const std::shared_ptr<ListState>& state);
  void list_lookups(const std::shared_ptr<ListState>& state, std::vector<std::string> names,
                    size_t asked);
  void reap_chunk(const std::shared_ptr<ReapState>& state);
  void reap_aors(const std::shared_ptr<ReapState>& state, std::vector<std::string> names);

  RedisClient& redis_;
  std::string prefix_;
  std::string index_key_;
};

}  // namespace tandem::registry
