#include "services/signaling/channel_event_bus.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tandem::signaling {
namespace {

using channel::ChannelEventKind;
using channel::ChannelState;

channel::Channel make_channel() {
  return channel::Channel("node-1.1", "SIP/alice-00000001",
                          channel::ChannelStateMachine::Direction::inbound,
                          std::chrono::system_clock::time_point{});
}

TEST(ChannelEventBusTest, EverySubscriberHearsEveryEventWithTheChannelAndItsPreviousState) {
  ChannelEventBus bus;
  auto channel = make_channel();
  std::vector<std::string> first;
  std::vector<std::string> second;
  bus.subscribe([&](const ChannelEventRecord& record) {
    first.push_back(std::string(record.tech) + " " + record.channel.name + " " +
                    std::string(channel::event_name(record.event.kind)) + " " +
                    (record.previous ? std::string(channel::state_name(*record.previous)) : "-"));
  });
  bus.subscribe([&](const ChannelEventRecord& record) {
    second.push_back(std::string(channel::state_name(record.event.state)));
  });
  auto events = channel.machine.advance(ChannelState::cs_init);
  ASSERT_TRUE(events);
  for (const auto& event : events.value())
    bus.publish({"SIP", channel, event, ChannelState::cs_new});
  ASSERT_EQ(first.size(), events.value().size());
  EXPECT_EQ(first.front().rfind("SIP SIP/alice-00000001 ", 0), 0u) << first.front();
  EXPECT_NE(first.front().find(" CS_NEW"), std::string::npos) << "the state it left";
  EXPECT_EQ(second.size(), first.size());
  EXPECT_EQ(second.front(), "CS_INIT");
}

TEST(ChannelEventBusTest, AnUnsubscribedFunctionHearsNothingMore) {
  ChannelEventBus bus;
  auto channel = make_channel();
  int heard = 0;
  const auto id = bus.subscribe([&](const ChannelEventRecord&) { ++heard; });
  const channel::ChannelEvent event{ChannelEventKind::dtmf, ChannelState::cs_execute,
                                    channel.machine.callstate(), "5"};
  bus.publish({"SIP", channel, event, std::nullopt});
  bus.unsubscribe(id);
  bus.publish({"SIP", channel, event, std::nullopt});
  EXPECT_EQ(heard, 1);
}

}  // namespace
}  // namespace tandem::signaling
