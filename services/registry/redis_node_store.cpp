#include "services/registry/redis_node_store.hpp"

#include <algorithm>
#include <charconv>

#include "libs/common/proto_time.hpp"
#include "services/registry/redis_scripts.hpp"

namespace tandem::registry {
namespace {

int64_t number_of(const redisReply& reply) {
  if (reply.type == REDIS_REPLY_INTEGER) return reply.integer;
  int64_t value = 0;
  std::from_chars(reply.str, reply.str + reply.len, value);
  return value;
}

Result<std::vector<v1::Node>> parse_nodes(const redisReply& reply) {
  if (reply.type != REDIS_REPLY_ARRAY || reply.elements % 4 != 0) {
    return internal_error("unexpected reply from redis to list_nodes");
  }
  std::vector<v1::Node> nodes;
  for (size_t i = 0; i < reply.elements; i += 4) {
    v1::Node node;
    const redisReply& bytes = *reply.element[i + 1];
    if (!node.ParseFromArray(bytes.str, static_cast<int>(bytes.len))) {
      return internal_error("corrupt directory entry stored for node " +
                            std::string(reply.element[i]->str, reply.element[i]->len));
    }
    set_timestamp(node.mutable_announced_at(), number_of(*reply.element[i + 2]));
    set_timestamp(node.mutable_expires_at(), number_of(*reply.element[i + 3]));
    nodes.push_back(std::move(node));
  }
  std::sort(nodes.begin(), nodes.end(),
            [](const v1::Node& a, const v1::Node& b) { return a.node_id() < b.node_id(); });
  return nodes;
}

}  // namespace

RedisNodeStore::RedisNodeStore(RedisClient& redis, const std::string& key_prefix)
    : redis_(redis),
      keys_{key_prefix + ":{nodes}:data", key_prefix + ":{nodes}:expiry",
            key_prefix + ":{nodes}:seen"} {}

void RedisNodeStore::announce(const v1::Node& node, std::chrono::seconds ttl,
                              Callback<v1::Node> done) {
  v1::Node stored = node;
  stored.clear_announced_at();
  stored.clear_expires_at();
  redis_.eval(redis_scripts::announce(), keys_,
              {node.node_id(), stored.SerializeAsString(), std::to_string(ttl.count() * 1000)},
              [stored, done = std::move(done)](Result<RedisReply> reply) mutable {
                if (!reply) return done(reply.failure());
                const redisReply& r = *reply.value();
                if (r.type != REDIS_REPLY_ARRAY || r.elements != 2) {
                  return done(internal_error("unexpected reply from redis to announce"));
                }
                set_timestamp(stored.mutable_announced_at(), number_of(*r.element[0]));
                set_timestamp(stored.mutable_expires_at(), number_of(*r.element[1]));
                done(std::move(stored));
              });
}

void RedisNodeStore::withdraw(const std::string& node_id, Callback<bool> done) {
  redis_.eval(redis_scripts::withdraw(), keys_, {node_id},
              [done = std::move(done)](Result<RedisReply> reply) {
                if (!reply) return done(reply.failure());
                done(number_of(*reply.value()) > 0);
              });
}

void RedisNodeStore::list(Callback<std::vector<v1::Node>> done) {
  redis_.eval(redis_scripts::list_nodes(), keys_, {},
              [done = std::move(done)](Result<RedisReply> reply) {
                if (!reply) return done(reply.failure());
                done(parse_nodes(*reply.value()));
              });
}

}  // namespace tandem::registry
