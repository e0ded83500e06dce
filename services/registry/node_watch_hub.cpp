#include "services/registry/node_watch_hub.hpp"

#include <map>
#include <optional>

#include "libs/common/logging.hpp"
#include "services/registry/node_events.hpp"

namespace tandem::registry {
namespace {

using NodeMap = std::map<std::string, v1::Node>;

struct Subscriber {
  NodeEventSink sink;
  v1::NodeRole role;
};

struct HubState {
  NodeStore* store = nullptr;
  RegistryMetrics* metrics = nullptr;
  std::chrono::milliseconds interval{};
  std::optional<NodeMap> known;
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

v1::NodeEvent event(v1::NodeEvent::Kind kind, const v1::Node& node) {
  v1::NodeEvent e;
  e.set_kind(kind);
  *e.mutable_node() = node;
  return e;
}

/// What a subscriber watching one role sees of a change: a node that gains the role is
/// ADDED for it, a node that loses it is REMOVED, whatever the directory-wide event was.
std::optional<v1::NodeEvent> as_seen_by(v1::NodeRole role, const v1::NodeEvent& change,
                                        const NodeMap& before) {
  const auto& node = change.node();
  const auto previous = before.find(node.node_id());
  const bool held_before = previous != before.end() && holds_role(previous->second, role);
  const bool held_now = change.kind() != v1::NodeEvent::KIND_REMOVED && holds_role(node, role);
  if (held_before && held_now) return event(v1::NodeEvent::KIND_UPDATED, node);
  if (held_now) return event(v1::NodeEvent::KIND_ADDED, node);
  if (held_before) return event(v1::NodeEvent::KIND_REMOVED, node);
  return std::nullopt;
}

void publish(HubState& state, const v1::NodeEvent& change, const NodeMap& before) {
  std::erase_if(state.subscribers, [&](const Subscriber& s) {
    const auto seen = as_seen_by(s.role, change, before);
    return seen.has_value() && !s.sink->deliver(*seen);
  });
}

void send_snapshot(const HubState& state, const Subscriber& subscriber) {
  for (const auto& [id, node] : *state.known) {
    if (!holds_role(node, subscriber.role)) continue;
    if (!subscriber.sink->deliver(event(v1::NodeEvent::KIND_ADDED, node))) return;
  }
  v1::NodeEvent synced;
  synced.set_kind(v1::NodeEvent::KIND_SYNCED);
  subscriber.sink->deliver(synced);
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
  if (state.store_failing) state.log->info("the directory store answers again");
  state.store_failing = false;
  NodeMap now;
  for (const auto& node : nodes) now[node.node_id()] = node;
  if (!state.known) {
    // Subscribers that came before the first snapshot get it now, as their snapshot.
    state.known = std::move(now);
    for (const auto& subscriber : state.subscribers) send_snapshot(state, subscriber);
  } else {
    const NodeMap before = std::move(*state.known);
    state.known = std::move(now);
    for (const auto& change : diff_nodes(before, nodes)) publish(state, change, before);
  }
  count_roles(state);
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
        std::erase_if(self->state.subscribers, [](const Subscriber& s) { return s.sink->gone(); });
        poll(self);
        self->delayed_send(self, self->state.interval, tick_atom::value);
      },
      [=](poke_atom) { poll(self); },
      [=](snapshot_atom, const NodeList& nodes) {
        apply_snapshot(self, nodes);
        finish_poll(self);
      },
      [=](snapshot_atom, const std::string& problem) {
        if (!self->state.store_failing) {
          self->state.log->warn("cannot read the directory: {}", problem);
        }
        self->state.store_failing = true;
        finish_poll(self);
      },
      [=](subscribe_atom, NodeEventSink& sink, int32_t role) {
        auto& state = self->state;
        state.subscribers.push_back({std::move(sink), static_cast<v1::NodeRole>(role)});
        if (state.known) send_snapshot(state, state.subscribers.back());
      },
      [=](close_atom) {
        for (auto& subscriber : self->state.subscribers) subscriber.sink->close();
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
