#pragma once

#include <map>
#include <string>
#include <vector>

#include "tandem/v1/registry.pb.h"

namespace tandem::registry {

/// Whether `node` holds `role`; NODE_ROLE_UNSPECIFIED matches every node.
bool holds_role(const v1::Node& node, v1::NodeRole role);

/// The events that turn the directory `before` into `after`: ADDED for new nodes, UPDATED
/// for nodes whose content changed (a refresh that changes only the timestamps is not an
/// update), REMOVED for nodes that are gone. Ordered by node id within each kind.
std::vector<v1::NodeEvent> diff_nodes(const std::map<std::string, v1::Node>& before,
                                      const std::vector<v1::Node>& after);

/// The role's name in metrics and logs: "signaling", "media", "registry".
std::string role_name(v1::NodeRole role);

}  // namespace tandem::registry
