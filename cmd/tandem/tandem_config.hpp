#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "libs/common/config_schema.hpp"
#include "libs/common/logging.hpp"
#include "services/media/media_config.hpp"
#include "services/registry/registry_config.hpp"
#include "services/signaling/signaling_config.hpp"

namespace tandem {

/// Everything `tandem` reads from its configuration (cmd/tandem/tandem.yaml documents it).
struct TandemConfig {
  std::string role = "all";
  struct {
    std::string id;
    std::string advertise_host;
  } node;
  LogOptions log;
  int64_t workers = 2;
  std::string grpc_listen = "127.0.0.1:50051";
  std::chrono::milliseconds grpc_shutdown_grace{2000};
  std::string http_listen = "127.0.0.1:9464";
  std::chrono::milliseconds announce_interval{5000};
  std::chrono::milliseconds node_ttl{15000};
  /// On SIGTERM, how long work in hand may go on before the process stops.
  std::chrono::milliseconds drain_timeout{25000};
  /// The registry's gRPC address (bindings and the node directory); empty: this process's.
  std::string registry_address;
  registry::RegistryConfig registry;
  signaling::SignalingConfig signaling;
  media::MediaConfig media;

  bool runs_registry() const { return role == "all" || role == "registry"; }
  bool runs_signaling() const { return role == "all" || role == "signaling"; }
  bool runs_media() const { return role == "all" || role == "media"; }
};

/// Binds every key of `config` into `schema`.
void describe_tandem_config(ConfigSchema& schema, TandemConfig& config);

/// Rules across keys; each problem names its keys.
std::vector<std::string> validate_tandem_config(const TandemConfig& config);

/// The embedded default configuration (cmd/tandem/tandem.yaml).
std::string_view default_config_text();

}  // namespace tandem
