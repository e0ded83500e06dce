#pragma once

#include <caf/all.hpp>
#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include "libs/common/grpc_server.hpp"
#include "libs/common/health.hpp"
#include "libs/common/metrics.hpp"
#include "services/registry/registry_role.hpp"
#include "tandem/v1/registry.grpc.pb.h"
#include "tests/support/manual_clock.hpp"

namespace tandem::registry::testing {

inline caf::actor_system_config& actor_config() {
  static caf::actor_system_config config = [] {
    caf::actor_system_config c;
    c.set("scheduler.max-threads", 2);
    return c;
  }();
  return config;
}

/// The registry role as `tandem` wires it (memory store, manual clock), served by a real
/// gRPC server on a free loopback port.
class RegistryFixture : public ::testing::Test {
 protected:
  RegistryFixture() {
    config.min_expires = 60;
    config.max_expires = 7200;
    config.max_contacts_per_aor = 3;
    config.watch_interval = std::chrono::milliseconds{50};
    role = std::make_unique<RegistryRole>(config, actors, metrics, health, clock);
    role->register_services(server);
    EXPECT_TRUE(server.start({"127.0.0.1", 0}).ok());
    channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(server.port()),
                                  grpc::InsecureChannelCredentials());
    registry = v1::Registry::NewStub(channel);
    directory = v1::Directory::NewStub(channel);
  }
  ~RegistryFixture() override {
    role->stop();
    server.shutdown(std::chrono::milliseconds{500});
  }

  static std::unique_ptr<grpc::ClientContext> context() {
    auto c = std::make_unique<grpc::ClientContext>();
    c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return c;
  }
  std::string metrics_text() { return render_metrics(metrics); }

  RegistryConfig config;
  tandem::testing::ManualClock clock;
  prometheus::Registry metrics;
  Health health;
  caf::actor_system actors{actor_config()};
  GrpcServer server{metrics};
  std::unique_ptr<RegistryRole> role;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::Registry::Stub> registry;
  std::unique_ptr<v1::Directory::Stub> directory;
};

}  // namespace tandem::registry::testing
