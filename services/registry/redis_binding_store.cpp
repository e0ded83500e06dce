#include "services/registry/redis_binding_store.hpp"

#include <atomic>
#include <charconv>

#include "services/registry/binding_codec.hpp"
#include "services/registry/redis_scripts.hpp"

namespace tandem::registry {
namespace {

constexpr size_t kReapChunk = 256;

std::string_view text_of(const redisReply& reply) { return {reply.str, reply.len}; }

int64_t integer_of(const redisReply& reply) {
  if (reply.type == REDIS_REPLY_INTEGER) return reply.integer;
  int64_t value = 0;
  if (reply.type == REDIS_REPLY_STRING) std::from_chars(reply.str, reply.str + reply.len, value);
  return value;
}

Failure unexpected_reply(std::string_view what) {
  return internal_error("unexpected reply from redis to " + std::string(what));
}

ErrorCode code_named(std::string_view name) {
  if (name == "failed_precondition") return ErrorCode::failed_precondition;
  if (name == "resource_exhausted") return ErrorCode::resource_exhausted;
  return ErrorCode::internal;
}

/// Decodes binding JSON from reply elements [from, end).
Result<std::vector<Binding>> decode_bindings(const redisReply& reply, size_t from,
                                             const std::string& aor) {
  std::vector<Binding> bindings;
  for (size_t i = from; i < reply.elements; ++i) {
    auto binding = decode_binding(text_of(*reply.element[i]), aor);
    if (!binding) return binding.failure();
    bindings.push_back(std::move(binding).value());
  }
  return bindings;
}

/// Reads the {"ok", now, extras..., bindings...} or {code, message} reply of a binding script.
Result<BindingSet> parse_script_reply(const redisReply& reply, size_t extras,
                                      const std::string& aor, std::vector<int64_t>* extra_values) {
  if (reply.type != REDIS_REPLY_ARRAY || reply.elements < 2 ||
      reply.element[0]->type != REDIS_REPLY_STRING) {
    return unexpected_reply("a binding script");
  }
  const std::string_view status = text_of(*reply.element[0]);
  if (status != "ok") {
    return Failure{code_named(status), std::string(text_of(*reply.element[1]))};
  }
  for (size_t i = 0; i < extras && extra_values != nullptr; ++i) {
    extra_values->push_back(integer_of(*reply.element[2 + i]));
  }
  auto bindings = decode_bindings(reply, 2 + extras, aor);
  if (!bindings) return bindings.failure();
  return BindingSet{integer_of(*reply.element[1]), std::move(bindings).value()};
}

Result<BindingSet> parse_lookup_reply(const redisReply& reply, const std::string& aor) {
  if (reply.type != REDIS_REPLY_ARRAY || reply.elements < 1) return unexpected_reply("lookup");
  auto bindings = decode_bindings(reply, 1, aor);
  if (!bindings) return bindings.failure();
  return BindingSet{integer_of(*reply.element[0]), std::move(bindings).value()};
}

std::vector<std::string> names_of(const redisReply& reply) {
  std::vector<std::string> names;
  for (size_t i = 0; reply.type == REDIS_REPLY_ARRAY && i < reply.elements; ++i) {
    names.emplace_back(text_of(*reply.element[i]));
  }
  return names;
}

/// Runs `count` commands and calls `done` once with every reply, in order.
using Submit = std::function<void(size_t, RedisClient::Handler)>;
using Replies = std::vector<Result<RedisReply>>;
void gather(size_t count, const Submit& submit, std::function<void(Replies)> done) {
  struct Shared {
    Replies replies;
    std::atomic<size_t> pending;
    std::function<void(Replies)> done;
  };
  if (count == 0) return done({});
  auto shared = std::make_shared<Shared>();
  shared->replies.reserve(count);
  for (size_t i = 0; i < count; ++i) shared->replies.emplace_back(Failure{});
  shared->pending = count;
  shared->done = std::move(done);
  for (size_t i = 0; i < count; ++i) {
    submit(i, [shared, i](Result<RedisReply> reply) {
      shared->replies[i] = std::move(reply);
      if (shared->pending.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        shared->done(std::move(shared->replies));
      }
    });
  }
}

}  // namespace

struct RedisBindingStore::ListState {
  ListQuery query;
  Callback<RegistrationPage> done;
  RegistrationPage page;
  std::string cursor;
};

struct RedisBindingStore::ReapState {
  Callback<ReapOutcome> done;
  ReapOutcome outcome;
  std::string cursor;
};

RedisBindingStore::RedisBindingStore(RedisClient& redis, std::string key_prefix)
    : redis_(redis), prefix_(std::move(key_prefix)), index_key_(prefix_ + ":aors") {}

std::string RedisBindingStore::aor_key(const std::string& aor) const {
  return prefix_ + ":aor:{" + aor + "}";
}

void RedisBindingStore::bind(const BindCommand& command, Callback<BindingSet> done) {
  redis_.eval(redis_scripts::bind(), {aor_key(command.aor)}, {encode_bind_command(command)},
              [this, aor = command.aor, done = std::move(done)](Result<RedisReply> reply) {
                if (!reply) return done(reply.failure());
                auto set = parse_script_reply(*reply.value(), 0, aor, nullptr);
                // Every bind, not only the one that creates the AOR: if that one's reply was
                // lost, the client's next refresh still indexes it. Redis does not replicate
                // a ZADD that changes nothing.
                if (set && !set.value().bindings.empty()) {
                  redis_.command({"ZADD", index_key_, "0", aor}, [](Result<RedisReply>) {});
                }
                done(std::move(set));
              });
}

void RedisBindingStore::unbind(const UnbindCommand& command, Callback<UnbindOutcome> done) {
  redis_.eval(redis_scripts::unbind(), {aor_key(command.aor)}, {encode_unbind_command(command)},
              [aor = command.aor, done = std::move(done)](Result<RedisReply> reply) {
                if (!reply) return done(reply.failure());
                std::vector<int64_t> removed;
                auto set = parse_script_reply(*reply.value(), 1, aor, &removed);
                if (!set) return done(set.failure());
                done(UnbindOutcome{static_cast<uint32_t>(removed.at(0)), std::move(set).value()});
              });
}

void RedisBindingStore::lookup(const std::string& aor, Callback<BindingSet> done) {
  redis_.eval(redis_scripts::lookup(), {aor_key(aor)}, {},
              [aor, done = std::move(done)](Result<RedisReply> reply) {
                if (!reply) return done(reply.failure());
                done(parse_lookup_reply(*reply.value(), aor));
              });
}

void RedisBindingStore::list(const ListQuery& query, Callback<RegistrationPage> done) {
  auto state = std::make_shared<ListState>();
  state->query = query;
  state->done = std::move(done);
  state->cursor = query.after >= query.prefix ? query.after : std::string{};
  list_chunk(std::move(state));
}

void RedisBindingStore::list_chunk(const std::shared_ptr<ListState>& state) {
  const auto& query = state->query;
  const size_t wanted = query.limit + 1 - state->page.registrations.size();
  const std::string min = state->cursor.empty() ? "[" + query.prefix : "(" + state->cursor;
  const std::string max = query.prefix.empty() ? "+" : "[" + query.prefix + "\xff";
  redis_.command({"ZRANGEBYLEX", index_key_, min, max, "LIMIT", "0", std::to_string(wanted)},
                 [this, state, wanted](Result<RedisReply> reply) {
                   if (!reply) return state->done(reply.failure());
                   list_lookups(state, names_of(*reply.value()), wanted);
                 });
}

void RedisBindingStore::list_lookups(const std::shared_ptr<ListState>& state,
                                     std::vector<std::string> names, size_t asked) {
  auto submit = [this, &names](size_t i, RedisClient::Handler handler) {
    redis_.eval(redis_scripts::lookup(), {aor_key(names[i])}, {}, std::move(handler));
  };
  gather(names.size(), submit, [this, state, names, asked](Replies replies) {
    auto& page = state->page;
    for (size_t i = 0; i < replies.size(); ++i) {
      if (!replies[i]) return state->done(replies[i].failure());
      auto set = parse_lookup_reply(*replies[i].value(), names[i]);
      if (!set) return state->done(set.failure());
      page.now_ms = std::max(page.now_ms, set.value().now_ms);
      if (!set.value().bindings.empty()) {
        page.registrations.push_back({names[i], std::move(set).value().bindings});
      }
    }
    if (page.registrations.size() > state->query.limit) {
      page.registrations.resize(state->query.limit);
      page.more = true;
      return state->done(std::move(page));
    }
    if (names.size() < asked) return state->done(std::move(page));
    state->cursor = names.back();
    list_chunk(state);
  });
}

void RedisBindingStore::unindex(const std::string& aor) {
  // A registration may have re-created the AOR since the reap script saw it empty. Its
  // ZADD then either follows this ZREM, or its binding exists by the time of the EXISTS
  // below, which puts the AOR back.
  redis_.command({"ZREM", index_key_, aor}, [](Result<RedisReply>) {});
  redis_.command({"EXISTS", aor_key(aor)}, [this, aor](Result<RedisReply> exists) {
    if (exists && exists.value()->type == REDIS_REPLY_INTEGER && exists.value()->integer == 1) {
      redis_.command({"ZADD", index_key_, "0", aor}, [](Result<RedisReply>) {});
    }
  });
}

void RedisBindingStore::reap(Callback<ReapOutcome> done) {
  auto state = std::make_shared<ReapState>();
  state->done = std::move(done);
  reap_chunk(std::move(state));
}

void RedisBindingStore::reap_chunk(const std::shared_ptr<ReapState>& state) {
  const std::string min = state->cursor.empty() ? "-" : "(" + state->cursor;
  redis_.command({"ZRANGEBYLEX", index_key_, min, "+", "LIMIT", "0", std::to_string(kReapChunk)},
                 [this, state](Result<RedisReply> reply) {
                   if (!reply) return state->done(reply.failure());
                   reap_aors(state, names_of(*reply.value()));
                 });
}

void RedisBindingStore::reap_aors(const std::shared_ptr<ReapState>& state,
                                  std::vector<std::string> names) {
  auto submit = [this, &names](size_t i, RedisClient::Handler handler) {
    redis_.eval(redis_scripts::reap(), {aor_key(names[i])}, {}, std::move(handler));
  };
  gather(names.size(), submit, [this, state, names](Replies replies) {
    auto& outcome = state->outcome;
    for (size_t i = 0; i < replies.size(); ++i) {
      if (!replies[i]) return state->done(replies[i].failure());
      const redisReply& reply = *replies[i].value();
      if (reply.type != REDIS_REPLY_ARRAY || reply.elements != 2) {
        return state->done(unexpected_reply("reap"));
      }
      const int64_t live = integer_of(*reply.element[1]);
      outcome.removed_bindings += integer_of(*reply.element[0]);
      outcome.live_bindings += live;
      outcome.live_aors += live > 0 ? 1 : 0;
      if (live == 0) unindex(names[i]);
    }
    if (names.size() < kReapChunk) return state->done(state->outcome);
    state->cursor = names.back();
    reap_chunk(state);
  });
}

}  // namespace tandem::registry
