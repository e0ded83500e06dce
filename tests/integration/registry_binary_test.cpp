// The tandem and tandemctl binaries for real: a registry on a real redis-server, driven over
// gRPC, read back with tandemctl, scraped and linted with promtool, stopped with SIGTERM.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include <fstream>

#include "tandem/v1/registry.grpc.pb.h"
#include "tests/integration/tandem_process.hpp"
#include "tests/support/redis_server.hpp"

namespace tandem {
namespace {

using ::testing::HasSubstr;
using testing::RedisServer;
using testing::TandemProcess;

grpc::Status bind(TandemProcess& tandem, const std::string& aor, const std::string& contact,
                  uint32_t cseq, v1::BindResponse* response = nullptr) {
  auto stub = v1::Registry::NewStub(tandem.channel());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::BindRequest request;
  request.set_aor(aor);
  request.set_call_id("integration-" + aor);
  request.set_cseq(cseq);
  request.set_transport(v1::TRANSPORT_TCP);
  request.set_source_address("127.0.0.1:5070");
  request.set_user_agent("integration-test");
  auto* c = request.add_contacts();
  c->set_uri(contact);
  c->set_expires_seconds(600);
  v1::BindResponse ignored;
  return stub->Bind(&context, request, response != nullptr ? response : &ignored);
}

std::vector<std::string> redis_flags(const RedisServer& redis) {
  return {"--role=registry", "--registry.store=redis",
          "--registry.redis.address=" + redis.address(), "--registry.redis.reconnect_max=200ms",
          "--node.id=registry-under-test"};
}

TEST(RegistryBinaryTest, ServesBindingsFromRedisToTandemctlAndPrometheus) {
  RedisServer redis;
  TandemProcess tandem(redis_flags(redis));
  ASSERT_TRUE(tandem.wait_ready()) << tandem.process().output();
  ASSERT_TRUE(
      bind(tandem, "sip:alice@example.com", "sip:alice@127.0.0.1:5070;transport=tcp", 1).ok());

  const auto listed = tandem.ctl({"registrations", "list"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("sip:alice@example.com"));
  EXPECT_THAT(listed.out, HasSubstr("sip:alice@127.0.0.1:5070;transport=tcp"));
  EXPECT_THAT(listed.out, HasSubstr("TCP"));

  const auto got = tandem.ctl({"-o", "json", "registrations", "get", "sip:alice@example.com"});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  const auto json = nlohmann::json::parse(got.out);
  EXPECT_EQ(json["registrations"][0]["bindings"][0]["user_agent"], "integration-test");

  const auto nodes = tandem.ctl({"nodes", "list"});
  EXPECT_EQ(nodes.exit_code, 0) << nodes.err;
  EXPECT_THAT(nodes.out, HasSubstr("registry-under-test"));

  EXPECT_THAT(redis.cli({"HLEN", "tandem:aor:{sip:alice@example.com}"}), HasSubstr("1"))
      << "the binding lives in Redis";

  const auto metrics = testing::http_get(tandem.http_port(), "/metrics");
  ASSERT_EQ(metrics.status, 200u);
  EXPECT_THAT(
      metrics.body,
      HasSubstr(R"(tandem_grpc_requests_total{code="OK",method="/tandem.v1.Registry/Bind"} 1)"));
  EXPECT_THAT(metrics.body, HasSubstr("tandem_redis_connected"));
  const auto lint = testing::run_command({PROMTOOL_BINARY, "check", "metrics"}, metrics.body);
  EXPECT_EQ(lint.exit_code, 0) << lint.err;

  const auto deleted = tandem.ctl({"registrations", "delete", "sip:alice@example.com"});
  EXPECT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_THAT(deleted.out, HasSubstr("Deleted 1 binding"));

  tandem.process().signal(SIGTERM);
  EXPECT_EQ(tandem.process().wait(std::chrono::seconds(15)), 0) << tandem.process().output();
}

TEST(RegistryBinaryTest, ARedisOutageAnswersUnavailableAndHealsWithoutARestart) {
  RedisServer redis(/*persistent=*/true);
  TandemProcess tandem(redis_flags(redis));
  ASSERT_TRUE(tandem.wait_ready()) << tandem.process().output();
  ASSERT_TRUE(bind(tandem, "sip:alice@example.com", "sip:alice@10.0.0.1", 1).ok());

  redis.stop();
  const auto down = bind(tandem, "sip:bob@example.com", "sip:bob@10.0.0.2", 1);
  EXPECT_EQ(down.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(down.error_message(), HasSubstr("redis"));
  EXPECT_TRUE(testing::eventually([&] {
    return testing::http_get(tandem.http_port(), "/readyz").status == 503;
  })) << "not ready while the store is down";
  const auto ctl = tandem.ctl({"registrations", "list"});
  EXPECT_EQ(ctl.exit_code, 1);
  EXPECT_THAT(ctl.err, HasSubstr("registry store unavailable"));

  redis.start();
  EXPECT_TRUE(testing::eventually([&] {
    return bind(tandem, "sip:bob@example.com", "sip:bob@10.0.0.2", 2).ok();
  })) << tandem.process().output();
  EXPECT_TRUE(tandem.wait_ready());
  const auto alice = tandem.ctl({"registrations", "get", "sip:alice@example.com"});
  EXPECT_EQ(alice.exit_code, 0) << alice.err;
  EXPECT_THAT(alice.out, HasSubstr("sip:alice@10.0.0.1")) << "what Redis kept is still there";
  EXPECT_TRUE(tandem.process().running());
}

TEST(RegistryBinaryTest, AllInOneTakesItsSettingsFromTheEnvironment) {
  TandemProcess tandem({},
                       {"TANDEM_ROLE=all", "TANDEM_NODE_ID=from-env", "TANDEM_LOG_FORMAT=json"});
  ASSERT_TRUE(tandem.wait_ready()) << tandem.process().output();
  const auto nodes = tandem.ctl({"nodes", "list"});
  EXPECT_THAT(nodes.out, HasSubstr("from-env"));
  EXPECT_THAT(tandem.process().output(), HasSubstr(R"("component":"tandem")"));
  tandem.process().signal(SIGINT);
  EXPECT_EQ(tandem.process().wait(std::chrono::seconds(15)), 0);
}

TEST(RegistryBinaryTest, BadConfigurationStopsBeforeServingAndNamesEveryKey) {
  const std::string path = "/tmp/tandem-bad-config-" + std::to_string(getpid()) + ".yaml";
  std::ofstream(path)
      << "registry:\n  min_expires: 600\n  max_expires: 60\n  redis:\n    adress: x\n";
  const auto result = testing::run_command({TANDEM_BINARY, "--config", path});
  std::remove(path.c_str());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr(path + ":5:5: registry.redis.adress: unknown key (did you mean "
                                           "registry.redis.address?)"));
  const auto contradiction = testing::run_command(
      {TANDEM_BINARY, "--registry.min_expires=600", "--registry.max_expires=60"});
  EXPECT_EQ(contradiction.exit_code, 2);
  EXPECT_THAT(contradiction.err, HasSubstr("registry.min_expires (600) must not exceed"));
  const auto media_alone = testing::run_command({TANDEM_BINARY, "--role=media"});
  EXPECT_EQ(media_alone.exit_code, 2);
  EXPECT_THAT(media_alone.err, HasSubstr("cluster.registry_address is required with --role=media"));
  const auto ports = testing::run_command(
      {TANDEM_BINARY, "--media.rtp.first_port=30000", "--media.rtp.last_port=30000"});
  EXPECT_EQ(ports.exit_code, 2);
  EXPECT_THAT(ports.err, HasSubstr("media.rtp.last_port must be above media.rtp.first_port"));
}

TEST(RegistryBinaryTest, TandemctlSaysHowToFixWhatFailed) {
  const std::string nowhere = "127.0.0.1:" + std::to_string(testing::free_tcp_port());
  const auto unreachable =
      testing::run_command({TANDEMCTL_BINARY, "--server", nowhere, "nodes", "list"});
  EXPECT_EQ(unreachable.exit_code, 1);
  EXPECT_THAT(unreachable.err, HasSubstr("cannot reach tandem at " + nowhere));
  EXPECT_THAT(unreachable.err, HasSubstr("scripts/run"));
  const auto usage = testing::run_command({TANDEMCTL_BINARY, "registrations"});
  EXPECT_EQ(usage.exit_code, 2);

  TandemProcess tandem({"--role=registry"});
  ASSERT_TRUE(tandem.wait_ready());
  const auto bad = tandem.ctl({"registrations", "get", "alice"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("INVALID_ARGUMENT: aor:"));
  const auto missing = tandem.ctl({"registrations", "get", "sip:nobody@example.com"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("is not registered"));
}

}  // namespace
}  // namespace tandem
