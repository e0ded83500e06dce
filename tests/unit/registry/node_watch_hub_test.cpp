#include "services/registry/node_watch_hub.hpp"

#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <condition_variable>
#include <mutex>

#include "services/registry/memory_node_store.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/unit/registry/registry_fixture.hpp"
#include "tests/unit/registry/store_backends.hpp"

namespace tandem::registry {
namespace {

using Kind = v1::NodeEvent::Kind;

/// Records what the hub delivers, for the test thread to wait on.
class RecordingSubscriber final : public NodeEventSubscriber {
 public:
  bool deliver(const v1::NodeEvent& event) override {
    std::lock_guard lock(mutex_);
    events_.emplace_back(event.kind(), event.node().node_id());
    changed_.notify_all();
    return true;
  }
  void close() override {}
  bool gone() const override { return false; }

  /// The first `count` events, waiting up to 10 s for them.
  std::vector<std::pair<Kind, std::string>> first(size_t count) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(10), [&] { return events_.size() >= count; });
    return {events_.begin(), events_.begin() + std::min(count, events_.size())};
  }
  size_t size() {
    std::lock_guard lock(mutex_);
    return events_.size();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::pair<Kind, std::string>> events_;
};

v1::Node node(const std::string& id, v1::NodeRole role) {
  v1::Node n;
  n.set_node_id(id);
  n.add_roles(role);
  return n;
}

class NodeWatchHubTest : public ::testing::Test {
 protected:
  void announce(const v1::Node& n) {
    ASSERT_TRUE(testing::await<v1::Node>([&](auto done) {
                  store.announce(n, std::chrono::seconds{60}, done);
                }).ok());
  }
  caf::actor spawn_and_subscribe(const std::shared_ptr<RecordingSubscriber>& subscriber,
                                 v1::NodeRole role) {
    auto hub = spawn_node_watch_hub(actors, store, std::chrono::hours(1), metrics);
    caf::anon_send(hub, subscribe_atom::value, NodeEventSink(subscriber),
                   static_cast<int32_t>(role));
    return hub;
  }
  void stop(const caf::actor& hub) {
    caf::anon_send(hub, close_atom::value);
    caf::scoped_actor waiter{actors};
    waiter->wait_for(hub);
  }

  tandem::testing::ManualClock clock;
  MemoryNodeStore store{clock};
  prometheus::Registry registry;
  RegistryMetrics metrics{registry};
  caf::actor_system actors{testing::actor_config()};
};

TEST_F(NodeWatchHubTest, ASubscriberFromBeforeTheFirstPollGetsTheSnapshotOnce) {
  announce(node("media-1", v1::NODE_ROLE_MEDIA));
  auto subscriber = std::make_shared<RecordingSubscriber>();
  auto hub = spawn_and_subscribe(subscriber, v1::NODE_ROLE_UNSPECIFIED);
  const auto events = subscriber->first(2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0], std::make_pair(v1::NodeEvent::KIND_ADDED, std::string("media-1")));
  EXPECT_EQ(events[1].first, v1::NodeEvent::KIND_SYNCED);
  caf::anon_send(hub, poke_atom::value);
  announce(node("media-2", v1::NODE_ROLE_MEDIA));
  caf::anon_send(hub, poke_atom::value);
  const auto more = subscriber->first(3);
  ASSERT_EQ(more.size(), 3u);
  EXPECT_EQ(more[2], std::make_pair(v1::NodeEvent::KIND_ADDED, std::string("media-2")));
  stop(hub);
  EXPECT_EQ(subscriber->size(), 3u) << "no duplicate ADDED for media-1";
}

TEST_F(NodeWatchHubTest, ANodeThatChangesRoleComesAndGoesForRoleWatchers) {
  announce(node("n1", v1::NODE_ROLE_MEDIA));
  auto subscriber = std::make_shared<RecordingSubscriber>();
  auto hub = spawn_and_subscribe(subscriber, v1::NODE_ROLE_MEDIA);
  ASSERT_EQ(subscriber->first(2).size(), 2u);
  announce(node("n1", v1::NODE_ROLE_REGISTRY));
  caf::anon_send(hub, poke_atom::value);
  auto events = subscriber->first(3);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[2], std::make_pair(v1::NodeEvent::KIND_REMOVED, std::string("n1")));
  announce(node("n1", v1::NODE_ROLE_MEDIA));
  caf::anon_send(hub, poke_atom::value);
  events = subscriber->first(4);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[3], std::make_pair(v1::NodeEvent::KIND_ADDED, std::string("n1")));
  stop(hub);
}

}  // namespace
}  // namespace tandem::registry
