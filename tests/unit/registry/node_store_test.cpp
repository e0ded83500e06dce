// One suite for every NodeStore: memory and Redis.
#include <gtest/gtest.h>

#include "libs/common/proto_time.hpp"
#include "tests/unit/registry/store_backends.hpp"

namespace tandem::registry {
namespace {

using testing::await;

v1::Node node(const std::string& id, double load = 0.0) {
  v1::Node n;
  n.set_node_id(id);
  n.add_roles(v1::NODE_ROLE_MEDIA);
  (*n.mutable_addresses())["grpc"] = "10.0.0.1:50051";
  (*n.mutable_gauges())["free_ports"] = 1000;
  n.set_load(load);
  return n;
}

class NodeStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  NodeStoreTest() : backend_(testing::make_backend(GetParam())) {}
  Result<v1::Node> announce(const v1::Node& n, int ttl_seconds) {
    return await<v1::Node>(
        [&](auto done) { backend_->nodes().announce(n, std::chrono::seconds{ttl_seconds}, done); });
  }
  std::vector<v1::Node> list() {
    auto nodes = await<std::vector<v1::Node>>([&](auto done) { backend_->nodes().list(done); });
    EXPECT_TRUE(nodes.ok());
    return nodes.ok() ? nodes.value() : std::vector<v1::Node>{};
  }
  Result<bool> withdraw(const std::string& id) {
    return await<bool>([&](auto done) { backend_->nodes().withdraw(id, done); });
  }
  std::unique_ptr<testing::StoreBackend> backend_;
};

TEST_P(NodeStoreTest, AnnouncedNodesAreListedInIdOrderWithTheirTimes) {
  auto stored = announce(node("media-b", 0.5), 10);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(unix_ms_of(stored.value().expires_at()) - unix_ms_of(stored.value().announced_at()),
            10'000);
  ASSERT_TRUE(announce(node("media-a"), 10).ok());
  const auto nodes = list();
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0].node_id(), "media-a");
  EXPECT_EQ(nodes[1].node_id(), "media-b");
  EXPECT_DOUBLE_EQ(nodes[1].load(), 0.5);
  EXPECT_EQ(nodes[1].gauges().at("free_ports"), 1000);
  EXPECT_EQ(nodes[1].addresses().at("grpc"), "10.0.0.1:50051");
}

TEST_P(NodeStoreTest, AnnouncingAgainReplacesTheEntry) {
  ASSERT_TRUE(announce(node("media-a", 0.1), 10).ok());
  auto draining = node("media-a", 0.9);
  draining.set_draining(true);
  ASSERT_TRUE(announce(draining, 10).ok());
  const auto nodes = list();
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_TRUE(nodes[0].draining());
  EXPECT_DOUBLE_EQ(nodes[0].load(), 0.9);
}

TEST_P(NodeStoreTest, WithdrawRemovesAtOnce) {
  ASSERT_TRUE(announce(node("media-a"), 10).ok());
  auto removed = withdraw("media-a");
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(removed.value());
  EXPECT_TRUE(list().empty());
  auto again = withdraw("media-a");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again.value());
}

TEST_P(NodeStoreTest, NodesDisappearWhenTheirTtlRunsOut) {
  ASSERT_TRUE(announce(node("short"), 1).ok());
  ASSERT_TRUE(announce(node("long"), 60).ok());
  backend_->advance(std::chrono::milliseconds{1100});
  const auto nodes = list();
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0].node_id(), "long");
}

INSTANTIATE_TEST_SUITE_P(Stores, NodeStoreTest, ::testing::Values("memory", "redis"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace tandem::registry
