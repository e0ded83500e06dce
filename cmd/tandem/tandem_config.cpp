#include "cmd/tandem/tandem_config.hpp"

#include "embedded/default_config_yaml.hpp"
#include "libs/common/host_port.hpp"

namespace tandem {

using std::chrono::milliseconds;
using std::chrono::minutes;

void describe_tandem_config(ConfigSchema& schema, TandemConfig& config) {
  schema.add_choice("role", "what this process runs", &config.role,
                    {"all", "registry", "signaling", "media"});
  schema.add_string("node.id", "unique per process; empty: <hostname>-<gRPC port>",
                    &config.node.id);
  schema.add_string("node.advertise_host", "the host other nodes reach this one at",
                    &config.node.advertise_host);
  schema.add_choice("log.level", "least severe level logged", &config.log.level,
                    {"trace", "debug", "info", "warn", "error", "critical", "off"});
  schema.add_choice("log.format", "text or json", &config.log.format, {"text", "json"});
  schema.add_int("actors.workers", "threads running actors; 0: one per core", &config.workers, 0,
                 256);
  schema.add_host_port("grpc.listen", "address of the gRPC APIs", &config.grpc_listen);
  schema.add_duration("grpc.shutdown_grace", "time calls in flight get on shutdown",
                      &config.grpc_shutdown_grace, milliseconds{0}, minutes{5});
  schema.add_host_port("http.listen", "address of /metrics, /healthz and /readyz",
                       &config.http_listen);
  schema.add_duration("cluster.announce_interval", "how often this node announces itself",
                      &config.announce_interval, milliseconds{100}, minutes{10});
  schema.add_duration("cluster.node_ttl", "how long the directory keeps a silent node",
                      &config.node_ttl, std::chrono::seconds{1}, std::chrono::hours{1});
  schema.add_duration("cluster.drain_timeout",
                      "on SIGTERM, how long live endpoints may go on before the node stops",
                      &config.drain_timeout, milliseconds{0}, std::chrono::hours{24});
  schema.add_string("cluster.registry_address",
                    "gRPC address of the registry; empty: this process's own registry",
                    &config.registry_address);
  registry::describe_registry_config(schema, config.registry);
  signaling::describe_signaling_config(schema, config.signaling);
  media::describe_media_config(schema, config.media);
}

std::vector<std::string> validate_tandem_config(const TandemConfig& config) {
  auto problems = registry::validate_registry_config(config.registry);
  if (config.runs_signaling()) {
    for (auto& problem : signaling::validate_signaling_config(config.signaling))
      problems.push_back(problem);
  }
  if (config.runs_media()) {
    for (auto& problem : media::validate_media_config(config.media)) problems.push_back(problem);
  }
  if (!config.runs_registry() && config.registry_address.empty()) {
    problems.push_back("cluster.registry_address is required with --role=" + config.role +
                       " (the registry's gRPC address: it holds the bindings and the node "
                       "directory)");
  }
  if (!config.registry_address.empty() && !parse_host_port(config.registry_address)) {
    problems.emplace_back("cluster.registry_address must be host:port");
  }
  if (config.announce_interval * 2 > config.node_ttl) {
    problems.emplace_back(
        "cluster.announce_interval must be at most half of cluster.node_ttl, so that one lost "
        "announcement does not drop the node");
  }
  if (config.node_ttl.count() % 1000 != 0) {
    problems.emplace_back("cluster.node_ttl must be whole seconds");
  }
  return problems;
}

std::string_view default_config_text() { return embedded::default_config_yaml; }

}  // namespace tandem
