#pragma once

#include <vector>

#include "services/registry/binding.hpp"
#include "tandem/v1/registry.pb.h"

namespace tandem::registry {

/// Fills a proto Binding; expires_seconds counts from the store time `now_ms`, rounded up.
void to_proto(const Binding& binding, int64_t now_ms, v1::Binding* out);

/// Adds bindings in lookup order (highest q, then most recent).
void add_sorted(std::vector<Binding> bindings, int64_t now_ms,
                google::protobuf::RepeatedPtrField<v1::Binding>* out);

}  // namespace tandem::registry
