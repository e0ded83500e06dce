#pragma once

#include "libs/common/result.hpp"
#include "tandem/v1/registry.pb.h"

namespace tandem::registry {

/// INVALID_ARGUMENT, naming the field, for an announcement the directory will not store.
Result<Done> check_announce(const v1::AnnounceRequest& request);
Result<Done> check_node_id(const std::string& field, const std::string& node_id);
Result<Done> check_role_filter(v1::NodeRole role);

}  // namespace tandem::registry
