#pragma once

#include <caf/all.hpp>

#include <atomic>

#include "services/registry/node_store.hpp"
#include "services/registry/registry_metrics.hpp"
#include "tandem/v1/registry.grpc.pb.h"

namespace tandem::registry {

/// tandem.v1.Directory over a NodeStore; Watch streams come from the node watch hub.
/// Handlers never block (callback API).
class DirectoryService final : public v1::Directory::CallbackService {
 public:
  DirectoryService(NodeStore& store, caf::actor hub, RegistryMetrics& metrics);

  /// From now on Watch calls are refused with UNAVAILABLE (the registry is stopping and the
  /// watch hub is going away).
  void stop_watches() { stopping_ = true; }

  grpc::ServerUnaryReactor* Announce(grpc::CallbackServerContext* context,
                                     const v1::AnnounceRequest* request,
                                     v1::AnnounceResponse* response) override;
  grpc::ServerUnaryReactor* Withdraw(grpc::CallbackServerContext* context,
                                     const v1::WithdrawRequest* request,
                                     v1::WithdrawResponse* response) override;
  grpc::ServerUnaryReactor* List(grpc::CallbackServerContext* context,
                                 const v1::ListNodesRequest* request,
                                 v1::ListNodesResponse* response) override;
  grpc::ServerWriteReactor<v1::NodeEvent>* Watch(grpc::CallbackServerContext* context,
                                                 const v1::WatchNodesRequest* request) override;

 private:
  NodeStore& store_;
  caf::actor hub_;
  std::atomic<bool> stopping_{false};
  RegistryMetrics& metrics_;
};

}  // namespace tandem::registry
