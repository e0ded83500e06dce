#pragma once

#include <map>
#include <mutex>

#include "libs/common/clock.hpp"
#include "services/registry/node_store.hpp"

namespace tandem::registry {

/// The node directory in this process's memory, timed by an injected clock. Thread-safe;
/// callbacks run on the caller's thread.
class MemoryNodeStore final : public NodeStore {
 public:
  explicit MemoryNodeStore(const Clock& clock);

  void announce(const v1::Node& node, std::chrono::seconds ttl, Callback<v1::Node> done) override;
  void withdraw(const std::string& node_id, Callback<bool> done) override;
  void list(Callback<std::vector<v1::Node>> done) override;

 private:
  const Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, v1::Node> nodes_;
};

}  // namespace tandem::registry
