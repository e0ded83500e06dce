#include "services/registry/node_events.hpp"

#include <google/protobuf/util/message_differencer.h>

#include <algorithm>

namespace tandem::registry {
namespace {

bool same_content(const v1::Node& a, const v1::Node& b) {
  google::protobuf::util::MessageDifferencer differencer;
  const auto* descriptor = v1::Node::descriptor();
  differencer.IgnoreField(descriptor->FindFieldByName("announced_at"));
  differencer.IgnoreField(descriptor->FindFieldByName("expires_at"));
  return differencer.Compare(a, b);
}

v1::NodeEvent event(v1::NodeEvent::Kind kind, const v1::Node& node) {
  v1::NodeEvent e;
  e.set_kind(kind);
  *e.mutable_node() = node;
  return e;
}

}  // namespace

bool holds_role(const v1::Node& node, v1::NodeRole role) {
  if (role == v1::NODE_ROLE_UNSPECIFIED) return true;
  return std::any_of(node.roles().begin(), node.roles().end(),
                     [role](int held) { return held == role; });
}

std::vector<v1::NodeEvent> diff_nodes(const std::map<std::string, v1::Node>& before,
                                      const std::vector<v1::Node>& after) {
  std::vector<v1::NodeEvent> events;
  std::map<std::string, const v1::Node*> now;
  for (const auto& node : after) now[node.node_id()] = &node;
  for (const auto& [id, node] : now) {
    const auto old = before.find(id);
    if (old == before.end()) {
      events.push_back(event(v1::NodeEvent::KIND_ADDED, *node));
    } else if (!same_content(old->second, *node)) {
      events.push_back(event(v1::NodeEvent::KIND_UPDATED, *node));
    }
  }
  for (const auto& [id, node] : before) {
    if (!now.contains(id)) events.push_back(event(v1::NodeEvent::KIND_REMOVED, node));
  }
  return events;
}

std::string role_name(v1::NodeRole role) {
  switch (role) {
    case v1::NODE_ROLE_SIGNALING: return "signaling";
    case v1::NODE_ROLE_MEDIA: return "media";
    case v1::NODE_ROLE_REGISTRY: return "registry";
    default: return "unspecified";
  }
}

}  // namespace tandem::registry
