#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace YAML {
class Node;
}

namespace tandem {

/// One problem found while loading configuration: where it was found ("tandem.yaml:12:3",
/// "environment TANDEM_GRPC_LISTEN", "flag --grpc.listen"), the key path and what is wrong.
struct ConfigError {
  std::string where;
  std::string path;
  std::string message;

  /// "where: path: message", the line printed before the process exits.
  std::string to_string() const;
};

/// The typed description of every configuration key. Each key binds to a field of a config
/// struct; the same key can be set from YAML ("registry.redis.address"), from the environment
/// (TANDEM_REGISTRY_REDIS_ADDRESS) and from a flag (--registry.redis.address), in that order
/// of precedence. Values are validated when they are set, so a loaded struct is always valid
/// field by field; cross-field rules belong to the struct's own validate function.
///
/// Not thread-safe: build and load it once at start-up.
class ConfigSchema {
 public:
  /// Parses text into the bound field, or returns what is wrong with the text.
  using Assign = std::function<std::optional<std::string>(std::string_view)>;

  /// Reads a structured value (a list or mapping) into the bound field.
  using NodeAssign = std::function<std::optional<std::string>(const YAML::Node&)>;

  struct Field {
    std::string path;
    std::string help;
    Assign assign;
    std::function<std::string()> show;
    /// Set for structured keys: YAML in the file, YAML (or JSON) text in a variable or flag.
    NodeAssign assign_node;
  };

  void add_string(std::string path, std::string help, std::string* target);
  /// A string that to_yaml() does not print (passwords).
  void add_secret(std::string path, std::string help, std::string* target);
  void add_choice(std::string path, std::string help, std::string* target,
                  std::vector<std::string> choices);
  void add_host_port(std::string path, std::string help, std::string* target);
  void add_bool(std::string path, std::string help, bool* target);
  void add_int(std::string path, std::string help, int64_t* target, int64_t min, int64_t max);
  /// Durations are written with a unit: "250ms", "10s", "5m", "1h".
  void add_duration(std::string path, std::string help, std::chrono::milliseconds* target,
                    std::chrono::milliseconds min, std::chrono::milliseconds max);

  /// A structured key, e.g. a list of users. `show` returns YAML text.
  void add_structured(std::string path, std::string help, NodeAssign assign,
                      std::function<std::string()> show);

  /// Applies a YAML document. Unknown keys and bad values are all reported, with their line.
  std::vector<ConfigError> load_yaml(std::string_view text, const std::string& source_name);
  /// Applies TANDEM_* variables from an environment block (as in `environ`). Variables that
  /// match no key are returned in `unknown`: Kubernetes injects TANDEM_PORT and friends for a
  /// Service named tandem, so they are worth a warning, not a refusal.
  std::vector<ConfigError> load_environment(char** environment, std::vector<std::string>* unknown);
  /// Sets one key from text; `where` says where the value came from.
  std::optional<ConfigError> set(std::string_view path, std::string_view value,
                                 const std::string& where);

  /// The effective configuration as YAML, for `tandem --print-config`.
  std::string to_yaml() const;
  const std::vector<Field>& fields() const { return fields_; }
  const Field* find(std::string_view path) const;

  /// The environment variable for a key: "registry.redis.address" -> TANDEM_REGISTRY_REDIS_ADDRESS.
  static std::string environment_name(std::string_view path);

 private:
  void add(std::string path, std::string help, Assign assign, std::function<std::string()> show);
  std::string unknown_key_message(std::string_view path) const;

  std::vector<Field> fields_;
};

}  // namespace tandem
