#include "services/registry/binding_reaper.hpp"

#include "libs/common/logging.hpp"
#include "services/registry/registry_atoms.hpp"

namespace tandem::registry {
namespace {

struct ReaperState {
  bool failing = false;
  std::shared_ptr<spdlog::logger> log = component_logger("registry");
};

using Reaper = caf::stateful_actor<ReaperState>;

caf::behavior binding_reaper(Reaper* self, BindingStore* store, std::chrono::milliseconds interval,
                             RegistryMetrics* metrics) {
  self->send(self, tick_atom::value);
  return {
      [=](tick_atom) {
        auto handle = caf::actor_cast<caf::actor>(self);
        store->reap([handle](Result<ReapOutcome> outcome) {
          if (outcome) {
            caf::anon_send(handle, reaped_atom::value, outcome.value().removed_bindings,
                           outcome.value().live_bindings);
          } else {
            caf::anon_send(handle, reaped_atom::value, outcome.failure().message);
          }
        });
      },
      [=](reaped_atom, uint64_t removed, uint64_t live) {
        metrics->count_reaped(removed);
        metrics->set_live_bindings(live);
        if (removed > 0)
          self->state.log->debug("reaped {} expired bindings, {} live", removed, live);
        self->state.failing = false;
        self->delayed_send(self, interval, tick_atom::value);
      },
      [=](reaped_atom, const std::string& problem) {
        if (!self->state.failing)
          self->state.log->warn("cannot reap expired bindings: {}", problem);
        self->state.failing = true;
        self->delayed_send(self, interval, tick_atom::value);
      },
  };
}

}  // namespace

caf::actor spawn_binding_reaper(caf::actor_system& system, BindingStore& store,
                                std::chrono::milliseconds interval, RegistryMetrics& metrics) {
  return system.spawn(binding_reaper, &store, interval, &metrics);
}

}  // namespace tandem::registry
