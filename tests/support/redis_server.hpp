#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/process.hpp"

namespace tandem::testing {

/// A throwaway redis-server on a free 127.0.0.1 port, stopped by PID. With `persistent`,
/// it keeps an append-only file in its own folder, so that stop() and start() again keep
/// the data, as a production Redis would across a restart.
class RedisServer {
 public:
  explicit RedisServer(bool persistent = false, std::vector<std::string> extra_arguments = {});
  ~RedisServer();

  /// Starts (again) on the same port; throws if it does not answer PING within 10 s.
  void start();
  /// SIGTERM and wait: what an operator's restart does.
  void stop();
  uint16_t port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  /// Runs one command through redis-cli; its stdout.
  std::string cli(const std::vector<std::string>& args) const;

 private:
  bool persistent_;
  std::vector<std::string> extra_arguments_;
  uint16_t port_;
  std::string directory_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace tandem::testing
