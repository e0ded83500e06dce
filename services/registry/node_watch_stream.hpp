#pragma once

#include <caf/all.hpp>
#include <grpcpp/grpcpp.h>

#include "tandem/v1/registry.pb.h"

namespace tandem::registry {

/// Starts one Directory.Watch call: a WatchStream subscribed to `hub` for `role`. The
/// returned reactor belongs to gRPC.
grpc::ServerWriteReactor<v1::NodeEvent>* start_node_watch(const caf::actor& hub, v1::NodeRole role);

}  // namespace tandem::registry
