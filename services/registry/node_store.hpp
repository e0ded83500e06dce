#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "libs/common/result.hpp"
#include "tandem/v1/registry.pb.h"

namespace tandem::registry {

/// Where the node directory lives: each entry is a tandem.v1.Node that expires unless it is
/// announced again within its TTL. The store sets announced_at and expires_at by its clock.
/// Implementations: MemoryNodeStore and RedisNodeStore. Callbacks as in BindingStore.
class NodeStore {
 public:
  template <class T>
  using Callback = std::function<void(Result<T>)>;

  virtual ~NodeStore() = default;

  /// Creates or refreshes the node's entry; returns it as stored.
  virtual void announce(const v1::Node& node, std::chrono::seconds ttl,
                        Callback<v1::Node> done) = 0;
  /// Removes the entry; true if it existed.
  virtual void withdraw(const std::string& node_id, Callback<bool> done) = 0;
  /// Every live entry, ordered by node id.
  virtual void list(Callback<std::vector<v1::Node>> done) = 0;
};

}  // namespace tandem::registry
