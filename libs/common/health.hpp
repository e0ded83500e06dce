#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "libs/common/http_server.hpp"

namespace tandem {

/// Liveness and readiness of the process, for /healthz, /readyz and the gRPC health service.
/// Alive means the process serves requests at all. Ready means it should get new work: not
/// draining and every readiness check passes (e.g. the registry's store is reachable).
/// Thread-safe.
class Health {
 public:
  /// A check returns nothing when fine, or what is wrong.
  using Check = std::function<std::optional<std::string>()>;

  void add_readiness_check(std::string name, Check check);
  /// From now on the process is draining: not ready, whatever the checks say.
  void start_draining();
  bool draining() const { return draining_; }

  /// The problems that make the process not ready; empty when ready.
  std::vector<std::string> readiness_problems() const;

  HttpServer::Response healthz() const;
  HttpServer::Response readyz() const;

 private:
  std::atomic<bool> draining_{false};
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, Check>> checks_;
};

}  // namespace tandem
