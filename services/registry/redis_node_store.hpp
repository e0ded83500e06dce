#pragma once

#include "services/registry/node_store.hpp"
#include "services/registry/redis_client.hpp"

namespace tandem::registry {

/// The node directory in Redis: a hash of Node protobufs and two sorted sets (expiry, first
/// seen), all under the hash tag {nodes} so that each script touches one Cluster slot.
/// Expiry is measured by the Redis server's clock; list() deletes expired entries.
class RedisNodeStore final : public NodeStore {
 public:
  RedisNodeStore(RedisClient& redis, const std::string& key_prefix);

  void announce(const v1::Node& node, std::chrono::seconds ttl, Callback<v1::Node> done) override;
  void withdraw(const std::string& node_id, Callback<bool> done) override;
  void list(Callback<std::vector<v1::Node>> done) override;

 private:
  RedisClient& redis_;
  std::vector<std::string> keys_;
};

}  // namespace tandem::registry
