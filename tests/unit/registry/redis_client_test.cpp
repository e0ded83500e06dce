#include "services/registry/redis_client.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/free_port.hpp"
#include "tests/unit/registry/store_backends.hpp"

namespace tandem::registry {
namespace {

using tandem::testing::RedisServer;
using testing::await;

RedisOptions options_for(uint16_t port) {
  RedisOptions options;
  options.address = {"127.0.0.1", port};
  options.reconnect_initial = std::chrono::milliseconds{10};
  options.reconnect_max = std::chrono::milliseconds{100};
  return options;
}

Result<std::string> run(RedisClient& client, std::vector<std::string> args) {
  auto reply = await<RedisReply>([&](auto done) { client.command(std::move(args), done); });
  if (!reply) return reply.failure();
  return std::string(reply.value()->str != nullptr ? reply.value()->str : "");
}

TEST(RedisClientTest, AnUnreachableServerFailsFastWithUnavailable) {
  prometheus::Registry metrics;
  RedisClient client(options_for(tandem::testing::free_tcp_port()), metrics);
  auto reply = run(client, {"PING"});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.failure().code, ErrorCode::unavailable);
  EXPECT_THAT(reply.failure().message, ::testing::HasSubstr("cannot connect to redis"));
  EXPECT_TRUE(client.problem().has_value());
}

TEST(RedisClientTest, RunsScriptsBySha1AndFallsBackToEvalAfterAFlush) {
  RedisServer server;
  prometheus::Registry metrics;
  RedisClient client(options_for(server.port()), metrics);
  const RedisScript script("return ARGV[1] .. '!'");
  for (int round = 0; round < 2; ++round) {
    auto reply = await<RedisReply>([&](auto done) { client.eval(script, {}, {"hi"}, done); });
    ASSERT_TRUE(reply.ok()) << reply.failure().message;
    EXPECT_EQ(std::string(reply.value()->str, reply.value()->len), "hi!");
    ASSERT_EQ(run(client, {"SCRIPT", "FLUSH"}).value(), "OK");
  }
}

TEST(RedisClientTest, ScriptErrorsAreInternalNotCrashes) {
  RedisServer server;
  prometheus::Registry metrics;
  RedisClient client(options_for(server.port()), metrics);
  const RedisScript broken("return redis.call('NOSUCHCOMMAND')");
  auto reply = await<RedisReply>([&](auto done) { client.eval(broken, {}, {}, done); });
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.failure().code, ErrorCode::internal);
}

TEST(RedisClientTest, RecoversWhenTheServerComesBack) {
  RedisServer server;
  prometheus::Registry metrics;
  RedisClient client(options_for(server.port()), metrics);
  ASSERT_EQ(run(client, {"PING"}).value(), "PONG");
  server.stop();
  auto down = run(client, {"PING"});
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.failure().code, ErrorCode::unavailable);
  server.start();
  EXPECT_TRUE(tandem::testing::eventually([&] { return run(client, {"PING"}).ok(); }));
  EXPECT_FALSE(client.problem().has_value());
}

TEST(RedisClientTest, LoadsKnownScriptsAfterARestartSoEvalshaNeverMisses) {
  RedisServer server;
  prometheus::Registry metrics;
  RedisClient client(options_for(server.port()), metrics);
  const RedisScript script("return 'ok'");
  auto run_script = [&] {
    return await<RedisReply>([&](auto done) { client.eval(script, {}, {}, done); });
  };
  ASSERT_TRUE(run_script().ok());
  server.stop();
  server.start();
  EXPECT_TRUE(tandem::testing::eventually([&] { return run_script().ok(); }));
  EXPECT_THAT(server.cli({"INFO", "errorstats"}), ::testing::Not(::testing::HasSubstr("NOSCRIPT")))
      << "the client loaded the script on reconnecting, before its first EVALSHA";
}

TEST(RedisClientTest, AServerThatRefusesUsIsUnavailableWithTheReason) {
  RedisServer server(false, {"--requirepass", "secret"});
  prometheus::Registry metrics;
  RedisClient client(options_for(server.port()), metrics);
  auto reply = run(client, {"GET", "x"});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.failure().code, ErrorCode::unavailable);
  EXPECT_THAT(reply.failure().message, ::testing::HasSubstr("NOAUTH"));
  EXPECT_TRUE(tandem::testing::eventually(
      [&] { return client.problem().value_or("").find("refuses to serve") != std::string::npos; }));
}

TEST(RedisClientTest, ManyConcurrentCallersAreAllAnswered) {
  RedisServer server;
  prometheus::Registry metrics;
  RedisClient client(options_for(server.port()), metrics);
  constexpr int kCalls = 2000;
  std::atomic<int> answered{0};
  std::promise<void> all;
  for (int i = 0; i < kCalls; ++i) {
    client.command({"INCR", "counter"}, [&](Result<RedisReply> reply) {
      if (reply.ok() && ++answered == kCalls) all.set_value();
    });
  }
  ASSERT_EQ(all.get_future().wait_for(std::chrono::seconds(20)), std::future_status::ready);
  EXPECT_EQ(server.cli({"GET", "counter"}), "2000\n");
}

}  // namespace
}  // namespace tandem::registry
