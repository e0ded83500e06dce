#include "services/registry/registry_config.hpp"

namespace tandem::registry {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

void describe_registry_config(ConfigSchema& schema, RegistryConfig& config) {
  schema.add_choice("registry.store", "where bindings and the node directory live: memory or redis",
                    &config.store, {"memory", "redis"});
  auto& redis = config.redis;
  schema.add_host_port("registry.redis.address", "the Redis server, host:port", &redis.address);
  schema.add_secret("registry.redis.password", "sent with AUTH when not empty", &redis.password);
  schema.add_string("registry.redis.key_prefix", "prefix of every key Tandem writes",
                    &redis.key_prefix);
  schema.add_duration("registry.redis.connect_timeout", "give up a connection attempt after this",
                      &redis.connect_timeout, milliseconds{10}, minutes{1});
  schema.add_duration("registry.redis.command_timeout",
                      "drop and re-open the connection when a reply takes longer",
                      &redis.command_timeout, milliseconds{10}, minutes{1});
  schema.add_duration("registry.redis.reconnect_min", "first delay between reconnect attempts",
                      &redis.reconnect_min, milliseconds{1}, minutes{1});
  schema.add_duration("registry.redis.reconnect_max", "longest delay between reconnect attempts",
                      &redis.reconnect_max, milliseconds{1}, minutes{10});
  schema.add_int("registry.min_expires", "shortest registration accepted, seconds (else 423)",
                 &config.min_expires, 1, 86'400);
  schema.add_int("registry.max_expires", "longest registration kept, seconds (longer is shortened)",
                 &config.max_expires, 1, int64_t{7} * 86'400);
  schema.add_int("registry.max_contacts_per_aor", "most live contacts one AOR may have",
                 &config.max_contacts_per_aor, 1, 1000);
  schema.add_duration("registry.reap_interval", "how often expired bindings are deleted",
                      &config.reap_interval, milliseconds{100}, minutes{10});
  schema.add_duration("registry.watch_interval",
                      "how often Directory.Watch checks the store for changes",
                      &config.watch_interval, milliseconds{50}, minutes{1});
}

std::vector<std::string> validate_registry_config(const RegistryConfig& config) {
  std::vector<std::string> problems;
  if (config.min_expires > config.max_expires) {
    problems.push_back("registry.min_expires (" + std::to_string(config.min_expires) +
                       ") must not exceed registry.max_expires (" +
                       std::to_string(config.max_expires) + ")");
  }
  if (config.redis.key_prefix.empty() ||
      config.redis.key_prefix.find_first_of("{} \t") != std::string::npos) {
    problems.emplace_back(
        "registry.redis.key_prefix must be a non-empty word without braces or spaces (braces "
        "would move every AOR into one Redis Cluster slot)");
  }
  if (config.redis.reconnect_min > config.redis.reconnect_max) {
    problems.emplace_back(
        "registry.redis.reconnect_min must not exceed registry.redis.reconnect_max");
  }
  return problems;
}

}  // namespace tandem::registry
