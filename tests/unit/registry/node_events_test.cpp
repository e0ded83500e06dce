#include "services/registry/node_events.hpp"

#include <gtest/gtest.h>

#include "libs/common/proto_time.hpp"

namespace tandem::registry {
namespace {

v1::Node node(const std::string& id, double load, int64_t announced_ms) {
  v1::Node n;
  n.set_node_id(id);
  n.add_roles(v1::NODE_ROLE_MEDIA);
  n.set_load(load);
  set_timestamp(n.mutable_announced_at(), announced_ms);
  set_timestamp(n.mutable_expires_at(), announced_ms + 15'000);
  return n;
}

TEST(NodeEventsTest, ReportsAddedUpdatedAndRemovedButNotMereRefreshes) {
  const std::map<std::string, v1::Node> before{
      {"a", node("a", 0.1, 1000)}, {"b", node("b", 0.1, 1000)}, {"c", node("c", 0.1, 1000)}};
  const auto events =
      diff_nodes(before, {node("a", 0.1, 5000), node("b", 0.7, 5000), node("d", 0, 5000)});
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].kind(), v1::NodeEvent::KIND_UPDATED);
  EXPECT_EQ(events[0].node().node_id(), "b");
  EXPECT_EQ(events[1].kind(), v1::NodeEvent::KIND_ADDED);
  EXPECT_EQ(events[1].node().node_id(), "d");
  EXPECT_EQ(events[2].kind(), v1::NodeEvent::KIND_REMOVED);
  EXPECT_EQ(events[2].node().node_id(), "c");
}

TEST(NodeEventsTest, RoleFilterMatchesHeldRolesAndUnspecifiedMatchesAll) {
  const auto media = node("m", 0, 0);
  EXPECT_TRUE(holds_role(media, v1::NODE_ROLE_MEDIA));
  EXPECT_FALSE(holds_role(media, v1::NODE_ROLE_SIGNALING));
  EXPECT_TRUE(holds_role(media, v1::NODE_ROLE_UNSPECIFIED));
}

}  // namespace
}  // namespace tandem::registry
