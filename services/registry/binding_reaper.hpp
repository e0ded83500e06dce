#pragma once

#include <caf/all.hpp>

#include <chrono>

#include "services/registry/binding_store.hpp"
#include "services/registry/registry_metrics.hpp"

namespace tandem::registry {

/// Spawns the actor that deletes expired bindings every `interval` and keeps
/// tandem_registry_bindings up to date. The store and metrics must outlive it; stop it with
/// an exit message.
caf::actor spawn_binding_reaper(caf::actor_system& system, BindingStore& store,
                                std::chrono::milliseconds interval, RegistryMetrics& metrics);

}  // namespace tandem::registry
