#pragma once

#include <hiredis/hiredis.h>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>
#include <spdlog/logger.h>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "libs/common/backoff.hpp"
#include "libs/common/host_port.hpp"
#include "libs/common/result.hpp"

namespace tandem::registry {

struct RedisOptions {
  HostPort address{"127.0.0.1", 6379};
  /// Sent with AUTH after connecting when not empty.
  std::string password;
  std::chrono::milliseconds connect_timeout{1000};
  /// A reply slower than this drops the connection (it is then re-established).
  std::chrono::milliseconds command_timeout{2000};
  std::chrono::milliseconds reconnect_initial{100};
  std::chrono::milliseconds reconnect_max{5000};
  /// While idle, a PING this often notices a dead server before a caller does.
  std::chrono::milliseconds health_interval{1000};
};

struct RedisReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using RedisReply = std::unique_ptr<redisReply, RedisReplyDeleter>;

/// A Lua script, run by SHA1 (EVALSHA) with a fallback to EVAL when the server has not
/// cached it (after a restart or SCRIPT FLUSH).
class RedisScript {
 public:
  explicit RedisScript(std::string source);
  const std::string& source() const { return source_; }
  const std::string& sha1() const { return sha1_; }

 private:
  std::string source_;
  std::string sha1_;
};

/// One connection to a Redis server, driven by its own I/O thread. Callers on any thread
/// queue commands; the thread writes them as soon as it sees them and delivers replies as
/// they arrive, so the connection is a full-duplex pipeline: a burst of callers costs a few
/// system calls, and nobody waits for an earlier batch to finish. When the server is
/// unreachable, commands fail at once with UNAVAILABLE while the thread reconnects with
/// backoff; no restart needed.
///
/// Handlers run on the client's thread, exactly once each, and must not block. Error replies arrive
/// as failures: UNAVAILABLE for a server that is loading, read-only or out of memory, INTERNAL for
/// anything else (a script bug). A reply slower than command_timeout drops the connection and fails
/// what was in flight.
class RedisClient {
 public:
  using Handler = std::function<void(Result<RedisReply>)>;

  RedisClient(RedisOptions options, prometheus::Registry& metrics);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  void command(std::vector<std::string> args, Handler done);
  /// Runs a script by SHA1. The script must outlive the client (scripts are statics): after
  /// every reconnect the client loads each script it has seen before sending anything else.
  void eval(const RedisScript& script, std::vector<std::string> keys, std::vector<std::string> args,
            Handler done);

  /// Nothing when connected, otherwise why not: for readiness checks.
  std::optional<std::string> problem() const;

 private:
  struct Command {
    std::vector<std::string> args;
    const RedisScript* script = nullptr;
    Handler done;
  };
  using SteadyTime = std::chrono::steady_clock::time_point;

  void enqueue(Command command);
  void remember(const RedisScript& script);
  void preload_scripts();
  void run();
  struct Readiness {
    bool readable = false;
    bool writable = false;
  };
  Readiness wait_for_events();
  void send_queued();
  void send(Command command);
  void flush();
  void receive();
  void deliver(Command& command, RedisReply reply);
  void check_health();
  bool ensure_connected();
  bool connect();
  void drop_connection(const std::string& why);
  void fail_all(const Failure& failure);
  void set_problem(std::optional<std::string> problem);

  RedisOptions options_;
  std::shared_ptr<spdlog::logger> log_;
  prometheus::Gauge& connected_gauge_;
  prometheus::Counter& connect_failures_;
  int wake_fd_ = -1;

  // Owned by the I/O thread.
  redisContext* context_ = nullptr;
  std::deque<Command> in_flight_;
  Backoff backoff_;
  SteadyTime next_attempt_{};
  SteadyTime last_reply_{};
  SteadyTime last_traffic_{};
  bool output_pending_ = false;
  /// The connection has answered a command without an error: only then is it trusted
  /// enough to reset the reconnect backoff.
  bool proven_ = false;

  mutable std::mutex mutex_;
  std::vector<Command> queue_;
  std::vector<const RedisScript*> scripts_;
  bool stopping_ = false;
  std::optional<std::string> problem_ = "not connected yet";
  std::thread thread_;
};

}  // namespace tandem::registry
