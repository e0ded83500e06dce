#include "services/registry/memory_node_store.hpp"

#include "libs/common/proto_time.hpp"

namespace tandem::registry {

MemoryNodeStore::MemoryNodeStore(const Clock& clock) : clock_(clock) {}

void MemoryNodeStore::announce(const v1::Node& node, std::chrono::seconds ttl,
                               Callback<v1::Node> done) {
  const int64_t now = to_unix_ms(clock_.now());
  v1::Node stored = node;
  set_timestamp(stored.mutable_announced_at(), now);
  set_timestamp(stored.mutable_expires_at(), now + ttl.count() * 1000);
  {
    std::lock_guard lock(mutex_);
    nodes_[node.node_id()] = stored;
  }
  done(std::move(stored));
}

void MemoryNodeStore::withdraw(const std::string& node_id, Callback<bool> done) {
  bool removed = false;
  {
    std::lock_guard lock(mutex_);
    removed = nodes_.erase(node_id) > 0;
  }
  done(removed);
}

void MemoryNodeStore::list(Callback<std::vector<v1::Node>> done) {
  const int64_t now = to_unix_ms(clock_.now());
  std::vector<v1::Node> live;
  {
    std::lock_guard lock(mutex_);
    std::erase_if(
        nodes_, [now](const auto& entry) { return unix_ms_of(entry.second.expires_at()) <= now; });
    for (const auto& [id, node] : nodes_) live.push_back(node);
  }
  done(std::move(live));
}

}  // namespace tandem::registry
