#pragma once

#include <caf/all.hpp>

#include <functional>
#include <vector>

#include "tandem/v1/registry.pb.h"

namespace tandem::registry {

/// A Directory.Watch stream as the watch hub sees it. Called on the hub's thread.
class NodeEventSubscriber {
 public:
  virtual ~NodeEventSubscriber() = default;
  /// Queues one event; false once the subscriber has gone (the hub then forgets it).
  virtual bool deliver(const v1::NodeEvent& event) = 0;
  /// The registry is stopping: end the stream.
  virtual void close() = 0;
  /// True once the client has gone, so that the hub can forget it in a quiet directory.
  virtual bool gone() const = 0;
};
using NodeEventSink = std::shared_ptr<NodeEventSubscriber>;
using NodeList = std::vector<v1::Node>;

using tick_atom = caf::atom_constant<caf::atom("tick")>;
using poke_atom = caf::atom_constant<caf::atom("poke")>;
using snapshot_atom = caf::atom_constant<caf::atom("snapshot")>;
using subscribe_atom = caf::atom_constant<caf::atom("subscribe")>;
using close_atom = caf::atom_constant<caf::atom("close")>;
using reaped_atom = caf::atom_constant<caf::atom("reaped")>;

}  // namespace tandem::registry

// Local-only message types (never serialized).
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::registry::NodeEventSink)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::registry::NodeList)
