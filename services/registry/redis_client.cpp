#include "services/registry/redis_client.hpp"

#include <fcntl.h>
#include <openssl/sha.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "libs/common/logging.hpp"

namespace tandem::registry {
namespace {

using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kTimeoutCheck{100};

std::string hex_sha1(const std::string& text) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  std::string hex;
  char byte[3];
  for (unsigned char d : digest) {
    std::snprintf(byte, sizeof byte, "%02x", d);
    hex += byte;
  }
  return hex;
}

timeval to_timeval(milliseconds ms) {
  return {static_cast<time_t>(ms.count() / 1000),
          static_cast<suseconds_t>(ms.count() % 1000 * 1000)};
}

bool starts_with(const redisReply& reply, std::string_view prefix) {
  return std::string_view(reply.str, reply.len).starts_with(prefix);
}

/// Errors of a server that cannot serve us (loading, read-only, out of memory, refusing our
/// credentials): the store is unavailable, not broken.
bool unavailable_reply(const redisReply& reply) {
  for (auto prefix : {"LOADING", "BUSY", "MASTERDOWN", "READONLY", "OOM", "TRYAGAIN", "CLUSTERDOWN",
                      "NOAUTH", "WRONGPASS", "NOPERM", "DENIED"}) {
    if (starts_with(reply, prefix)) return true;
  }
  return false;
}

struct Argv {
  std::vector<const char*> pointers;
  std::vector<size_t> lengths;
  explicit Argv(const std::vector<std::string>& args) {
    for (const auto& arg : args) {
      pointers.push_back(arg.data());
      lengths.push_back(arg.size());
    }
  }
  int count() const { return static_cast<int>(pointers.size()); }
};

RedisReply run_blocking(redisContext* context, const std::vector<std::string>& args) {
  Argv argv(args);
  return RedisReply(static_cast<redisReply*>(
      redisCommandArgv(context, argv.count(), argv.pointers.data(), argv.lengths.data())));
}

/// hiredis writes with write(), which raises SIGPIPE when Redis has closed the socket. Blocked
/// in this thread, the signal stays pending and write() returns EPIPE instead.
void block_sigpipe_in_this_thread() {
  sigset_t pipe;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
}

milliseconds until(Steady::time_point when) {
  return std::max(std::chrono::duration_cast<milliseconds>(when - Steady::now()), milliseconds{1});
}

}  // namespace

RedisScript::RedisScript(std::string source)
    : source_(std::move(source)), sha1_(hex_sha1(source_)) {}

RedisClient::RedisClient(RedisOptions options, prometheus::Registry& metrics)
    : options_(std::move(options)),
      log_(component_logger("redis")),
      connected_gauge_(prometheus::BuildGauge()
                           .Name("tandem_redis_connected")
                           .Help("1 while the connection to Redis is up")
                           .Register(metrics)
                           .Add({{"address", options_.address.to_string()}})),
      connect_failures_(prometheus::BuildCounter()
                            .Name("tandem_redis_connection_failures_total")
                            .Help("Failed attempts to connect to Redis, and connections lost")
                            .Register(metrics)
                            .Add({{"address", options_.address.to_string()}})),
      wake_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)),
      backoff_(options_.reconnect_initial, options_.reconnect_max) {
  thread_ = std::thread([this] { run(); });
}

RedisClient::~RedisClient() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  const uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof one);
  thread_.join();
  close(wake_fd_);
  if (context_ != nullptr) redisFree(context_);
}

void RedisClient::command(std::vector<std::string> args, Handler done) {
  enqueue({std::move(args), nullptr, std::move(done)});
}

void RedisClient::eval(const RedisScript& script, std::vector<std::string> keys,
                       std::vector<std::string> args, Handler done) {
  remember(script);
  std::vector<std::string> argv{"EVALSHA", script.sha1(), std::to_string(keys.size())};
  for (auto& key : keys) argv.push_back(std::move(key));
  for (auto& arg : args) argv.push_back(std::move(arg));
  enqueue({std::move(argv), &script, std::move(done)});
}

void RedisClient::remember(const RedisScript& script) {
  std::lock_guard lock(mutex_);
  if (std::find(scripts_.begin(), scripts_.end(), &script) == scripts_.end()) {
    scripts_.push_back(&script);
  }
}

void RedisClient::enqueue(Command command) {
  bool was_empty = false;
  {
    std::unique_lock lock(mutex_);
    if (stopping_) {
      lock.unlock();
      return command.done(unavailable("the registry is shutting down"));
    }
    was_empty = queue_.empty();
    queue_.push_back(std::move(command));
  }
  // The I/O thread empties the whole queue once woken: one wake-up per burst, not per command.
  if (was_empty) {
    const uint64_t one = 1;
    (void)!write(wake_fd_, &one, sizeof one);
  }
}

std::optional<std::string> RedisClient::problem() const {
  std::lock_guard lock(mutex_);
  return problem_;
}

void RedisClient::set_problem(std::optional<std::string> problem) {
  std::lock_guard lock(mutex_);
  problem_ = std::move(problem);
}

void RedisClient::run() {
  block_sigpipe_in_this_thread();
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
    }
    const auto ready = wait_for_events();
    // Replies first: after Redis closes the connection, what it answered is still readable.
    if (context_ != nullptr && ready.readable) receive();
    send_queued();
    if (context_ != nullptr && (output_pending_ || ready.writable)) flush();
    check_health();
  }
  const auto stopping = unavailable("the registry is shutting down");
  fail_all(stopping);
  // Handlers may queue more work while they fail; fail that too, until nothing is left.
  for (std::vector<Command> left;; left.clear()) {
    {
      std::lock_guard lock(mutex_);
      left.swap(queue_);
    }
    if (left.empty()) break;
    for (auto& command : left) command.done(stopping);
  }
}

RedisClient::Readiness RedisClient::wait_for_events() {
  pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {-1, 0, 0}};
  milliseconds timeout = options_.health_interval;
  if (context_ != nullptr) {
    fds[1] = {context_->fd, static_cast<short>(POLLIN | (output_pending_ ? POLLOUT : 0)), 0};
    if (!in_flight_.empty()) timeout = std::min(timeout, kTimeoutCheck);
  } else {
    timeout = std::min(timeout, until(next_attempt_));
  }
  poll(fds, context_ != nullptr ? 2 : 1, static_cast<int>(timeout.count()));
  if (fds[0].revents & POLLIN) {
    uint64_t count = 0;
    (void)!read(wake_fd_, &count, sizeof count);
  }
  return {(fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0, (fds[1].revents & POLLOUT) != 0};
}

void RedisClient::send_queued() {
  std::vector<Command> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(queue_);
  }
  if (batch.empty()) return;
  if (!ensure_connected()) {
    const auto failure =
        unavailable("registry store unavailable: " + problem().value_or("redis down"));
    for (auto& command : batch) command.done(failure);
    return;
  }
  for (auto& command : batch) send(std::move(command));
}

void RedisClient::send(Command command) {
  Argv argv(command.args);
  if (redisAppendCommandArgv(context_, argv.count(), argv.pointers.data(), argv.lengths.data()) !=
      REDIS_OK) {
    return command.done(internal_error("cannot format a redis command: out of memory"));
  }
  if (in_flight_.empty()) last_reply_ = Steady::now();
  in_flight_.push_back(std::move(command));
  output_pending_ = true;
  last_traffic_ = Steady::now();
}

void RedisClient::flush() {
  int done = 0;
  if (redisBufferWrite(context_, &done) != REDIS_OK) return drop_connection(context_->errstr);
  output_pending_ = done == 0;
}

void RedisClient::receive() {
  if (redisBufferRead(context_) != REDIS_OK) return drop_connection(context_->errstr);
  while (context_ != nullptr) {
    void* raw = nullptr;
    if (redisGetReplyFromReader(context_, &raw) != REDIS_OK)
      return drop_connection(context_->errstr);
    if (raw == nullptr) return;
    RedisReply reply(static_cast<redisReply*>(raw));
    last_reply_ = last_traffic_ = Steady::now();
    if (in_flight_.empty()) return drop_connection("a reply nothing asked for");
    Command command = std::move(in_flight_.front());
    in_flight_.pop_front();
    deliver(command, std::move(reply));
  }
}

void RedisClient::deliver(Command& command, RedisReply reply) {
  if (reply->type != REDIS_REPLY_ERROR) {
    if (!std::exchange(proven_, true)) backoff_.reset();
    return command.done(std::move(reply));
  }
  if (command.script != nullptr && starts_with(*reply, "NOSCRIPT")) {
    command.args[0] = "EVAL";
    command.args[1] = command.script->source();
    command.script = nullptr;
    return send(std::move(command));
  }
  const std::string message(reply->str, reply->len);
  if (unavailable_reply(*reply)) {
    return command.done(unavailable("registry store unavailable: redis says " + message));
  }
  log_->error("redis refused a command: {}", message);
  command.done(internal_error("redis refused the operation: " + message));
}

void RedisClient::check_health() {
  const auto now = Steady::now();
  if (context_ == nullptr) {
    if (now >= next_attempt_) ensure_connected();
    return;
  }
  if (!in_flight_.empty() && now - last_reply_ > options_.command_timeout) {
    return drop_connection("no reply within " + std::to_string(options_.command_timeout.count()) +
                           " ms");
  }
  if (in_flight_.empty() && now - last_traffic_ >= options_.health_interval) {
    send({{"PING"}, nullptr, [](Result<RedisReply>) {}});
  }
}

bool RedisClient::ensure_connected() {
  if (context_ != nullptr) return true;
  if (Steady::now() < next_attempt_) return false;
  if (connect()) return true;
  connect_failures_.Increment();
  next_attempt_ = Steady::now() + backoff_.next();
  return false;
}

bool RedisClient::connect() {
  const auto& address = options_.address;
  context_ = redisConnectWithTimeout(address.host.c_str(), address.port,
                                     to_timeval(options_.connect_timeout));
  std::string error;
  if (context_ == nullptr || context_->err != 0) {
    error = context_ == nullptr ? "out of memory" : context_->errstr;
  } else if (!options_.password.empty()) {
    redisSetTimeout(context_, to_timeval(options_.command_timeout));
    auto reply = run_blocking(context_, {"AUTH", options_.password});
    if (reply == nullptr || reply->type == REDIS_REPLY_ERROR) {
      error = reply == nullptr ? context_->errstr
                               : "AUTH refused: " + std::string(reply->str, reply->len);
    }
  }
  if (!error.empty()) {
    const bool new_problem = problem().value_or("").find(error) == std::string::npos;
    if (context_ != nullptr) redisFree(context_);
    context_ = nullptr;
    set_problem("cannot connect to redis at " + address.to_string() + ": " + error);
    if (new_problem) {
      log_->warn("cannot connect to redis at {}: {}; retrying with backoff", address.to_string(),
                 error);
    }
    return false;
  }
  // From here on the I/O thread multiplexes with poll(); hiredis treats EAGAIN as "try
  // later" only on a context without REDIS_BLOCK.
  fcntl(context_->fd, F_SETFL, fcntl(context_->fd, F_GETFL) | O_NONBLOCK);
  context_->flags &= ~REDIS_BLOCK;
  redisEnableKeepAlive(context_);
  last_traffic_ = last_reply_ = Steady::now();
  output_pending_ = false;
  proven_ = false;
  set_problem(std::nullopt);
  connected_gauge_.Set(1);
  log_->info("connected to redis at {}", address.to_string());
  preload_scripts();
  return true;
}

void RedisClient::preload_scripts() {
  // Sent before anything else on the connection, so that EVALSHA finds every script after a
  // Redis restart (replies come back in order). The PING proves that the server serves, or
  // carries its refusal (protected mode, NOAUTH) into the readiness problem.
  std::vector<const RedisScript*> scripts;
  {
    std::lock_guard lock(mutex_);
    scripts = scripts_;
  }
  for (const auto* script : scripts) {
    send({{"SCRIPT", "LOAD", script->source()}, nullptr, [](Result<RedisReply>) {}});
  }
  send({{"PING"}, nullptr, [this](Result<RedisReply> reply) {
          if (reply) return;
          set_problem("redis at " + options_.address.to_string() +
                      " refuses to serve: " + reply.failure().message);
        }});
}

void RedisClient::drop_connection(const std::string& why) {
  log_->warn("lost the connection to redis at {}: {}", options_.address.to_string(), why);
  redisFree(context_);
  context_ = nullptr;
  connected_gauge_.Set(0);
  connect_failures_.Increment();
  if (!problem().has_value()) {
    set_problem("lost the connection to redis at " + options_.address.to_string() + ": " + why);
  }
  // A connection that never answered well (a server refusing us) is not retried at once.
  next_attempt_ = proven_ ? Steady::now() : Steady::now() + backoff_.next();
  fail_all(unavailable("registry store unavailable: the connection to redis was lost (" + why +
                       "); the operation may not have been applied"));
}

void RedisClient::fail_all(const Failure& failure) {
  auto failed = std::move(in_flight_);
  in_flight_.clear();
  for (auto& command : failed) command.done(failure);
}

}  // namespace tandem::registry
