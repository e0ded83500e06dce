#pragma once

#include <caf/all.hpp>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <memory>

#include "libs/common/health.hpp"
#include "tandem/v1/registry.pb.h"

namespace tandem {

struct AnnouncerOptions {
  /// This node as the directory should list it; draining is filled in from Health.
  v1::Node node;
  std::chrono::seconds ttl{15};
  /// Must be well inside the TTL, so that one lost announcement does not expire the node.
  std::chrono::milliseconds interval{5000};
  /// Fills in figures that change (load, gauges) before each announcement; optional. Runs
  /// on an actor thread.
  std::function<void(v1::Node&)> refresh;
};

/// Spawns the actor that keeps this node in the cluster directory: it calls
/// Directory.Announce over `directory` every interval, marking the node draining once
/// `health` is. Failures are logged when they start and when they end. `health` must outlive
/// the actor; stop it with an exit message.
caf::actor spawn_node_announcer(caf::actor_system& system, std::shared_ptr<grpc::Channel> directory,
                                AnnouncerOptions options, const Health& health);

/// Stops the announcer, waiting (at most `timeout`) for an announcement in flight, so that
/// none can land after a following withdraw_node.
void stop_node_announcer(caf::actor_system& system, const caf::actor& announcer,
                         std::chrono::milliseconds timeout);

/// Removes the node from the directory at once, waiting at most `timeout`; for a clean
/// shutdown. Returns false (and logs) if the directory could not be reached.
bool withdraw_node(const std::shared_ptr<grpc::Channel>& directory, const std::string& node_id,
                   std::chrono::milliseconds timeout);

}  // namespace tandem
