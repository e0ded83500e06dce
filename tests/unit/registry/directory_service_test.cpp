#include "services/registry/directory_service.hpp"

#include <gmock/gmock.h>

#include "tests/unit/registry/registry_fixture.hpp"

namespace tandem::registry {
namespace {

using ::testing::HasSubstr;

v1::AnnounceRequest announcement(const std::string& id, double load, uint32_t ttl = 10) {
  v1::AnnounceRequest request;
  auto* node = request.mutable_node();
  node->set_node_id(id);
  node->add_roles(v1::NODE_ROLE_MEDIA);
  (*node->mutable_addresses())["grpc"] = "127.0.0.1:50052";
  node->set_load(load);
  request.set_ttl_seconds(ttl);
  return request;
}

class DirectoryServiceTest : public testing::RegistryFixture {
 protected:
  void announce(const v1::AnnounceRequest& request) {
    v1::AnnounceResponse response;
    ASSERT_TRUE(directory->Announce(context().get(), request, &response).ok());
  }
  v1::NodeEvent next(grpc::ClientReader<v1::NodeEvent>& reader) {
    v1::NodeEvent event;
    EXPECT_TRUE(reader.Read(&event));
    return event;
  }
};

TEST_F(DirectoryServiceTest, AnnouncedNodesAreListedAndFilteredByRole) {
  announce(announcement("media-1", 0.25));
  v1::ListNodesRequest request;
  v1::ListNodesResponse response;
  ASSERT_TRUE(directory->List(context().get(), request, &response).ok());
  ASSERT_EQ(response.nodes_size(), 1);
  EXPECT_DOUBLE_EQ(response.nodes(0).load(), 0.25);
  request.set_role(v1::NODE_ROLE_SIGNALING);
  v1::ListNodesResponse signaling;
  ASSERT_TRUE(directory->List(context().get(), request, &signaling).ok());
  EXPECT_EQ(signaling.nodes_size(), 0);
}

TEST_F(DirectoryServiceTest, BadAnnouncementsNameTheField) {
  struct Case {
    std::function<void(v1::AnnounceRequest&)> spoil;
    const char* field;
  };
  const Case cases[] = {
      {[](auto& r) { r.mutable_node()->set_node_id(""); }, "node.node_id"},
      {[](auto& r) { r.mutable_node()->set_node_id("bad id"); }, "node.node_id"},
      {[](auto& r) { r.mutable_node()->clear_roles(); }, "node.roles"},
      {[](auto& r) { r.mutable_node()->set_roles(0, v1::NODE_ROLE_UNSPECIFIED); }, "node.roles[0]"},
      {[](auto& r) { r.mutable_node()->set_load(2.0); }, "node.load"},
      {[](auto& r) { (*r.mutable_node()->mutable_addresses())["rtp"] = "nowhere"; },
       "node.addresses[rtp]"},
      {[](auto& r) { r.set_ttl_seconds(0); }, "ttl_seconds"},
      {[](auto& r) { r.clear_node(); }, "node"},
  };
  for (const auto& c : cases) {
    auto request = announcement("media-1", 0.1);
    c.spoil(request);
    v1::AnnounceResponse response;
    const auto status = directory->Announce(context().get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field;
    EXPECT_THAT(status.error_message(), ::testing::StartsWith(std::string(c.field) + ":"));
  }
}

TEST_F(DirectoryServiceTest, WatchSendsTheSnapshotThenEveryChange) {
  announce(announcement("media-1", 0.1));
  auto ctx = context();
  v1::WatchNodesRequest request;
  auto reader = directory->Watch(ctx.get(), request);
  auto event = next(*reader);
  EXPECT_EQ(event.kind(), v1::NodeEvent::KIND_ADDED);
  EXPECT_EQ(event.node().node_id(), "media-1");
  EXPECT_EQ(next(*reader).kind(), v1::NodeEvent::KIND_SYNCED);

  announce(announcement("media-2", 0.2));
  event = next(*reader);
  EXPECT_EQ(event.kind(), v1::NodeEvent::KIND_ADDED);
  EXPECT_EQ(event.node().node_id(), "media-2");

  announce(announcement("media-1", 0.9));
  event = next(*reader);
  EXPECT_EQ(event.kind(), v1::NodeEvent::KIND_UPDATED);
  EXPECT_DOUBLE_EQ(event.node().load(), 0.9);

  v1::WithdrawRequest withdraw;
  withdraw.set_node_id("media-2");
  v1::WithdrawResponse withdrawn;
  ASSERT_TRUE(directory->Withdraw(context().get(), withdraw, &withdrawn).ok());
  EXPECT_TRUE(withdrawn.removed());
  event = next(*reader);
  EXPECT_EQ(event.kind(), v1::NodeEvent::KIND_REMOVED);
  EXPECT_EQ(event.node().node_id(), "media-2");

  clock.advance(std::chrono::seconds(11));
  event = next(*reader);
  EXPECT_EQ(event.kind(), v1::NodeEvent::KIND_REMOVED) << "its TTL ran out";
  EXPECT_EQ(event.node().node_id(), "media-1");
  ctx->TryCancel();
}

TEST_F(DirectoryServiceTest, StoppingTheRegistryEndsWatchesWithUnavailable) {
  auto ctx = context();
  auto reader = directory->Watch(ctx.get(), v1::WatchNodesRequest{});
  EXPECT_EQ(next(*reader).kind(), v1::NodeEvent::KIND_SYNCED);
  role->stop();
  v1::NodeEvent event;
  EXPECT_FALSE(reader->Read(&event));
  const auto status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("shutting down"));
}

}  // namespace
}  // namespace tandem::registry
