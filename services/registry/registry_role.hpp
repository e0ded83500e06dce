#pragma once

#include <caf/all.hpp>
#include <prometheus/registry.h>

#include <memory>

#include "libs/common/clock.hpp"
#include "libs/common/grpc_server.hpp"
#include "libs/common/health.hpp"
#include "services/registry/binding_store.hpp"
#include "services/registry/directory_service.hpp"
#include "services/registry/node_store.hpp"
#include "services/registry/redis_client.hpp"
#include "services/registry/registry_config.hpp"
#include "services/registry/registry_metrics.hpp"
#include "services/registry/registry_service.hpp"

namespace tandem::registry {

/// The registry role of a process: its stores, its gRPC services and its background actors,
/// wired from configuration. Lifetime: construct, register_services() before the gRPC server
/// starts, stop() after the server has stopped taking calls, then destroy.
class RegistryRole {
 public:
  RegistryRole(const RegistryConfig& config, caf::actor_system& actors,
               prometheus::Registry& metrics, Health& health, const Clock& clock);
  ~RegistryRole();

  void register_services(GrpcServer& server);
  /// Ends Watch streams and stops the background actors, waiting until they have stopped.
  void stop();

 private:
  caf::actor_system& actors_;
  RegistryMetrics metrics_;
  std::shared_ptr<RedisClient> redis_;
  std::unique_ptr<BindingStore> bindings_;
  std::unique_ptr<NodeStore> nodes_;
  caf::actor hub_;
  caf::actor reaper_;
  std::unique_ptr<RegistryService> registry_service_;
  std::unique_ptr<DirectoryService> directory_service_;
};

}  // namespace tandem::registry
