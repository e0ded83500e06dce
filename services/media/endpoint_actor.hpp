#pragma once

#include <caf/all.hpp>

#include <memory>
#include <string>

#include "services/media/media_endpoint.hpp"
#include "services/media/media_engine.hpp"

namespace tandem::media {

/// Spawns the control actor of endpoint `id`. It owns what the control plane knows of the
/// endpoint (its call, kind, bridge) and is the only one that changes its packet-side
/// object, through the engine. Events from the packet path (DTMF, timeouts, stats, an
/// AudioSocket ending) reach it as messages and leave through `publish`.
///
/// Messages, each answered with a Result:
/// - (create_atom, CreateEndpointRequest): opens the endpoint; the first message, once.
///   For AudioSocket the connection is made on a thread of its own.
/// - (update_atom, UpdateEndpointRequest), (stats_atom), (dtmf_atom, digits, duration_ms)
/// - (destroy_atom): final stats; an EndpointDestroyed event; the actor ends.
/// - (join_atom, bridge_id) / (leave_atom, bridge_id): bridge membership, from a bridge.
/// Whenever the actor ends, for whatever reason, its socket is closed and its port freed.
caf::actor spawn_endpoint_actor(caf::actor_system& system, std::shared_ptr<MediaEngine> engine,
                                std::string id, EventSink publish);

}  // namespace tandem::media
