#pragma once

#include <prometheus/registry.h>

#include <future>
#include <memory>
#include <string>
#include <thread>

#include "services/registry/binding_store.hpp"
#include "services/registry/memory_binding_store.hpp"
#include "services/registry/memory_node_store.hpp"
#include "services/registry/redis_binding_store.hpp"
#include "services/registry/redis_client.hpp"
#include "services/registry/redis_node_store.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/redis_server.hpp"

namespace tandem::registry::testing {

/// The stores under test, behind one face, so that one suite holds MemoryStore and
/// RedisStore (against a real redis-server) to the same behaviour.
class StoreBackend {
 public:
  virtual ~StoreBackend() = default;
  virtual BindingStore& bindings() = 0;
  virtual NodeStore& nodes() = 0;
  /// Lets `by` pass on the store's clock: the memory store's clock is moved; Redis's clock
  /// cannot be, so the test waits.
  virtual void advance(std::chrono::milliseconds by) = 0;
};

class MemoryBackend final : public StoreBackend {
 public:
  MemoryBackend() : bindings_(clock_), nodes_(clock_) {}
  BindingStore& bindings() override { return bindings_; }
  NodeStore& nodes() override { return nodes_; }
  void advance(std::chrono::milliseconds by) override { clock_.advance(by); }

 private:
  tandem::testing::ManualClock clock_;
  MemoryBindingStore bindings_;
  MemoryNodeStore nodes_;
};

class RedisBackend final : public StoreBackend {
 public:
  RedisBackend()
      : client_(options(server_.port()), metrics_),
        bindings_(client_, "test"),
        nodes_(client_, "test") {}
  BindingStore& bindings() override { return bindings_; }
  NodeStore& nodes() override { return nodes_; }
  void advance(std::chrono::milliseconds by) override { std::this_thread::sleep_for(by); }
  tandem::testing::RedisServer& server() { return server_; }

 private:
  static RedisOptions options(uint16_t port) {
    RedisOptions o;
    o.address = {"127.0.0.1", port};
    o.reconnect_initial = std::chrono::milliseconds{20};
    o.reconnect_max = std::chrono::milliseconds{200};
    return o;
  }
  tandem::testing::RedisServer server_;
  prometheus::Registry metrics_;
  RedisClient client_;
  RedisBindingStore bindings_;
  RedisNodeStore nodes_;
};

inline std::unique_ptr<StoreBackend> make_backend(const std::string& kind) {
  if (kind == "redis") return std::make_unique<RedisBackend>();
  return std::make_unique<MemoryBackend>();
}

/// Runs an asynchronous store call and waits for its result.
template <class T, class Start>
Result<T> await(Start start) {
  std::promise<Result<T>> promise;
  auto future = promise.get_future();
  start([&promise](Result<T> result) { promise.set_value(std::move(result)); });
  return future.get();
}

}  // namespace tandem::registry::testing
