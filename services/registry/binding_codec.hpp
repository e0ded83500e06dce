#pragma once

#include <string>
#include <string_view>

#include "libs/common/result.hpp"
#include "services/registry/binding.hpp"

namespace tandem::registry {

/// The JSON the Redis scripts read and write (field names in redis_scripts/common.lua).

/// A BindCommand as bind.lua's argument.
std::string encode_bind_command(const BindCommand& command);
/// An UnbindCommand as unbind.lua's argument.
std::string encode_unbind_command(const UnbindCommand& command);
/// A stored binding of `aor`; a failure means the stored data is corrupt.
Result<Binding> decode_binding(std::string_view json, const std::string& aor);

}  // namespace tandem::registry
