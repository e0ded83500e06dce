#pragma once

#include <caf/all.hpp>

#include <chrono>

#include "services/registry/node_store.hpp"
#include "services/registry/registry_atoms.hpp"
#include "services/registry/registry_metrics.hpp"

namespace tandem::registry {

/// Spawns the actor behind Directory.Watch. It polls the NodeStore every `interval` (and at
/// once on `poke_atom`, sent after a local Announce or Withdraw), turns each snapshot into
/// ADDED/UPDATED/REMOVED events and hands them to its subscribers. Polling, rather than
/// notifications, is what sees nodes that other registry replicas changed in a shared store
/// and nodes whose TTL ran out.
///
/// Messages: (subscribe_atom, NodeEventSink, int32 role): the subscriber gets the current
/// nodes as ADDED events, one SYNCED event, then every change for that role.
/// (close_atom): ends every subscription and stops the actor.
/// The store and metrics must outlive the actor.
caf::actor spawn_node_watch_hub(caf::actor_system& system, NodeStore& store,
                                std::chrono::milliseconds interval, RegistryMetrics& metrics);

}  // namespace tandem::registry
