#include "services/registry/node_validation.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "libs/common/host_port.hpp"

namespace tandem::registry {
namespace {

constexpr uint32_t kMaxTtlSeconds = 3600;

Failure bad(const std::string& field, const std::string& problem) {
  return invalid_argument(field + ": " + problem);
}

bool is_name(const std::string& text, size_t max_length) {
  return !text.empty() && text.size() <= max_length &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) {
           return std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == ':';
         });
}

Result<Done> check_roles(const v1::Node& node) {
  if (node.roles().empty()) return bad("node.roles", "at least one role is required");
  for (int i = 0; i < node.roles_size(); ++i) {
    const int role = node.roles(i);
    if (!v1::NodeRole_IsValid(role) || role == v1::NODE_ROLE_UNSPECIFIED) {
      return bad("node.roles[" + std::to_string(i) + "]", "must be SIGNALING, MEDIA or REGISTRY");
    }
  }
  return Done{};
}

Result<Done> check_maps(const v1::Node& node) {
  for (const auto& [name, address] : node.addresses()) {
    if (!is_name(name, 64)) return bad("node.addresses", "bad endpoint name \"" + name + "\"");
    if (!parse_host_port(address)) {
      return bad("node.addresses[" + name + "]", "expected host:port, got \"" + address + "\"");
    }
  }
  for (const auto& [name, value] : node.gauges()) {
    if (!is_name(name, 64)) return bad("node.gauges", "bad gauge name \"" + name + "\"");
  }
  return Done{};
}

}  // namespace

Result<Done> check_node_id(const std::string& field, const std::string& node_id) {
  if (node_id.empty()) return bad(field, "is required");
  if (!is_name(node_id, 128)) {
    return bad(field, "must be 1 to 128 letters, digits and . _ - :, got \"" + node_id + "\"");
  }
  return Done{};
}

Result<Done> check_role_filter(v1::NodeRole role) {
  if (!v1::NodeRole_IsValid(role)) return bad("role", "unknown value");
  return Done{};
}

Result<Done> check_announce(const v1::AnnounceRequest& request) {
  if (!request.has_node()) return bad("node", "is required");
  const auto& node = request.node();
  if (auto ok = check_node_id("node.node_id", node.node_id()); !ok) return ok;
  if (auto ok = check_roles(node); !ok) return ok;
  if (auto ok = check_maps(node); !ok) return ok;
  if (!std::isfinite(node.load()) || node.load() < 0.0 || node.load() > 1.0) {
    return bad("node.load", "must be from 0.0 to 1.0");
  }
  if (node.version().size() > 64) return bad("node.version", "is longer than 64 characters");
  if (request.ttl_seconds() < 1 || request.ttl_seconds() > kMaxTtlSeconds) {
    return bad("ttl_seconds", "must be from 1 to 3600");
  }
  return Done{};
}

}  // namespace tandem::registry
