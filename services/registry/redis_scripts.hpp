#pragma once

#include "services/registry/redis_client.hpp"

namespace tandem::registry::redis_scripts {

/// The Lua scripts in redis_scripts/, one per atomic operation. Each binding script is
/// prefixed with common.lua.
const RedisScript& bind();
const RedisScript& unbind();
const RedisScript& lookup();
const RedisScript& reap();
const RedisScript& announce();
const RedisScript& withdraw();
const RedisScript& list_nodes();

}  // namespace tandem::registry::redis_scripts
