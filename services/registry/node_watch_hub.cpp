#include "services/registry/node_watch_hub.hpp"

#include <map>
#include <optional>

#include "libs/common/logging.hpp"
#include "services/registry/node_events.hpp"

namespace tandem::registry {
namespace {

struct Subscriber {
  NodeEventSink sink;
  v1::NodeRole role;
};

struct HubState {
  NodeStore* store = nullptr;
  RegistryMetrics* metrics = nullptr;
  std::chrono::milliseconds interval{};
  std::optional<std::map<std::string, v1::Node>> known;
  std::vector<Subscriber> subscribers;
  bool polling = false;
  bool poll_again = false;
  bool store_failing = false;
  std::shared_ptr<spdlog::logger> log = component_logger("directory");
};

using Hub = caf::stateful_actor<HubState>;

void poll(Hub* self) {
  auto& state = self->state;
  if (state.polling) {
    state.poll_again = true;
    return;
  }
  state.polling = true;
  auto handle = caf::actor_cast<caf::actor>(self);
  state.store->list([handle](Result<NodeList> nodes) {
    if (nodes) {
      caf::anon_send(handle, snapshot_atom::value, std::move(nodes).value());
    } else {
      caf::anon_send(handle, snapshot_atom::value, nodes.failure().message);
    }
  });
}

/// Delivers to the subscribers that want it; drops those that have gone.
void publish(HubState& state, const v1::NodeEvent& event) {
  std::erase_if(state.subscribers, [&](const Subscriber& s) {
    return holds_role(event.node(), s.role) && !s.sink(&event);
  });
}

void send_snapshot(const HubState& state, Subscriber& subscriber) {
  v1::NodeEvent event;
  event.set_kind(v1::NodeEvent::KIND_ADDED);
  for (const auto& [id, node] : *state.known) {
    if (!holds_role(node, subscriber.role)) continue;
    *event.mutable_node() = node;
    if (!subscriber.sink(&event)) return;
  }
  v1::NodeEvent synced;
  synced.set_kind(v1::NodeEvent::KIND_SYNCED);
  subscriber.sink(&synced);
}

void count_roles(HubState& state) {
  for (auto role : {v1::NODE_ROLE_SIGNALING, v1::NODE_ROLE_MEDIA, v1::NODE_ROLE_REGISTRY}) {
    uint64_t count = 0;
    for (const auto& [id, node] : *state.known) count += holds_role(node, role) ? 1 : 0;
    state.metrics->set_directory_nodes(role_name(role), count);
  }
}

void apply_snapshot(Hub* self, const NodeList& nodes) {
  auto& state = self->state;
  const bool first = !state.known.has_value();
  if (state.store_failing) state.log->info("the directory store answers again");
  state.store_failing = false;
  const auto events = diff_nodes(state.known.value_or(std::map<std::string, v1::Node>{}), nodes);
  state.known.emplace();
  for (const auto& node : nodes) (*state.known)[node.node_id()] = node;
  for (const auto& event : events) publish(state, event);
  count_roles(state);
  if (first) {
    for (auto& subscriber : state.subscribers) send_snapshot(state, subscriber);
  }
}

void finish_poll(Hub* self) {
  self->state.polling = false;
  if (std::exchange(self->state.poll_again, false)) poll(self);
}

caf::behavior node_watch_hub(Hub* self, NodeStore* store, std::chrono::milliseconds interval,
                             RegistryMetrics* metrics) {
  self->state.store = store;
  self->state.metrics = metrics;
  self->state.interval = interval;
  self->send(self, tick_atom::value);
  return {
      [=](tick_atom) {
        poll(self);
        self->delayed_send(self, self->state.interval, tick_atom::value);
      },
      [=](poke_atom) { poll(self); },
      [=](snapshot_atom, const NodeList& nodes) {
        apply_snapshot(self, nodes);
        finish_poll(self);
      },
      [=](snapshot_atom, const std::string& problem) {
        if (!self->state.store_failing)
          self->state.log->warn("cannot read the directory: {}", problem);
        self->state.store_failing = true;
        finish_poll(self);
      },
      [=](subscribe_atom, NodeEventSink& sink, int32_t role) {
        auto& state = self->state;
        state.subscribers.push_back({std::move(sink), static_cast<v1::NodeRole>(role)});
        if (state.known) send_snapshot(state, state.subscribers.back());
      },
      [=](close_atom) {
        for (auto& subscriber : self->state.subscribers) subscriber.sink(nullptr);
        self->state.subscribers.clear();
        self->quit();
      },
  };
}

}  // namespace

caf::actor spawn_node_watch_hub(caf::actor_system& system, NodeStore& store,
                                std::chrono::milliseconds interval, RegistryMetrics& metrics) {
  return system.spawn(node_watch_hub, &store, interval, &metrics);
}

}  // namespace tandem::registry
