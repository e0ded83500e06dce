#pragma once

#include "libs/common/result.hpp"
#include "services/registry/binding.hpp"
#include "tandem/v1/registry.pb.h"

namespace tandem::registry {

/// Registration policy from configuration (registry.*).
struct RegistryPolicy {
  int64_t min_expires = 60;
  int64_t max_expires = 7200;
  uint32_t max_contacts = 10;
};

/// Turns gRPC requests into store commands. Every refusal is INVALID_ARGUMENT with a message
/// that names the offending field as the proto spells it ("contacts[1].expires_seconds"),
/// except an expires below policy.min_expires: OUT_OF_RANGE (the caller answers 423).
/// Longer expires are shortened to policy.max_expires.
Result<BindCommand> to_bind_command(const v1::BindRequest& request, const RegistryPolicy& policy);
Result<UnbindCommand> to_unbind_command(const v1::UnbindRequest& request);
Result<std::string> to_lookup_aor(const v1::LookupRequest& request);
Result<ListQuery> to_list_query(const v1::ListRegistrationsRequest& request);

}  // namespace tandem::registry
