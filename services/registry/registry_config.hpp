#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "libs/common/config_schema.hpp"

namespace tandem::registry {

struct RedisConfig {
  std::string address = "127.0.0.1:6379";
  std::string password;
  std::string key_prefix = "tandem";
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds command_timeout{2000};
  std::chrono::milliseconds reconnect_min{100};
  std::chrono::milliseconds reconnect_max{5000};
};

/// The registry role's configuration: the `registry.*` keys.
struct RegistryConfig {
  /// "memory" (this process only, lost on restart) or "redis".
  std::string store = "memory";
  RedisConfig redis;
  /// RFC 3261 10.3: an expires below the minimum is refused (423 Interval Too Brief).
  int64_t min_expires = 60;
  /// An expires above the maximum is shortened to it.
  int64_t max_expires = 7200;
  int64_t max_contacts_per_aor = 10;
  /// How often expired bindings are deleted and the bindings gauge is recounted.
  std::chrono::milliseconds reap_interval{10'000};
  /// How often Directory.Watch looks for nodes announced to, or expired from, the store.
  std::chrono::milliseconds watch_interval{1000};
};

/// Adds the registry.* keys, bound to `config`, to the schema.
void describe_registry_config(ConfigSchema& schema, RegistryConfig& config);

/// Rules across keys; each problem names its keys.
std::vector<std::string> validate_registry_config(const RegistryConfig& config);

}  // namespace tandem::registry
