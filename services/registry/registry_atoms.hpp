#pragma once

#include <caf/all.hpp>

#include <functional>
#include <vector>

#include "libs/common/watch_stream.hpp"
#include "tandem/v1/registry.pb.h"

namespace tandem::registry {

/// A Directory.Watch stream as the watch hub sees it. Called on the hub's thread.
using NodeEventSubscriber = EventSubscriber<v1::NodeEvent>;
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
