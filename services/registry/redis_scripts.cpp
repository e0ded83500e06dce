#include "services/registry/redis_scripts.hpp"

#include "embedded/announce_lua.hpp"
#include "embedded/bind_lua.hpp"
#include "embedded/common_lua.hpp"
#include "embedded/list_nodes_lua.hpp"
#include "embedded/lookup_lua.hpp"
#include "embedded/reap_lua.hpp"
#include "embedded/unbind_lua.hpp"
#include "embedded/withdraw_lua.hpp"

namespace tandem::registry::redis_scripts {
namespace {

std::string with_common(std::string_view body) {
  return std::string(embedded::common_lua) + "\n" + std::string(body);
}

}  // namespace

const RedisScript& bind() {
  static const RedisScript script(with_common(embedded::bind_lua));
  return script;
}
const RedisScript& unbind() {
  static const RedisScript script(with_common(embedded::unbind_lua));
  return script;
}
const RedisScript& lookup() {
  static const RedisScript script(with_common(embedded::lookup_lua));
  return script;
}
const RedisScript& reap() {
  static const RedisScript script(with_common(embedded::reap_lua));
  return script;
}
const RedisScript& announce() {
  static const RedisScript script{std::string(embedded::announce_lua)};
  return script;
}
const RedisScript& withdraw() {
  static const RedisScript script{std::string(embedded::withdraw_lua)};
  return script;
}
const RedisScript& list_nodes() {
  static const RedisScript script{std::string(embedded::list_nodes_lua)};
  return script;
}

}  // namespace tandem::registry::redis_scripts
