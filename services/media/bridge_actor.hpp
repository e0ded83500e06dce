#pragma once

#include <caf/all.hpp>

#include <memory>
#include <string>

#include "services/media/media_engine.hpp"

namespace tandem::media {

/// One side of a bridge: an endpoint's id and its control actor.
struct BridgeLeg {
  std::string id;
  caf::actor actor;
};

/// Spawns the control actor of bridge `id` between two endpoints, or of one endpoint with
/// itself (echo: `a` and `b` the same leg). It owns the bridge:
/// on (bridge_atom) it has both endpoint actors join (each refuses if it is already in
/// a bridge), links them in the engine and answers Result<string> with its id. It
/// watches both endpoints; (unbridge_atom), or either endpoint ending, dissolves it: the
/// engine unlinks them, both leave, and the actor ends.
caf::actor spawn_bridge_actor(caf::actor_system& system, std::shared_ptr<MediaEngine> engine,
                              std::string id, BridgeLeg a, BridgeLeg b);

}  // namespace tandem::media
