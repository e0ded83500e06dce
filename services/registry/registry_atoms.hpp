#pragma once

#include <caf/all.hpp>

#include <functional>
#include <vector>

#include "tandem/v1/registry.pb.h"

namespace tandem::registry {

/// Receives directory events; nullptr means the stream ends (the registry is stopping).
/// Returns false once the receiver has gone, and is then dropped. Called on a CAF worker.
using NodeEventSink = std::function<bool(const v1::NodeEvent*)>;
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
