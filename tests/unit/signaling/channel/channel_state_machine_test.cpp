#include "services/signaling/channel/channel_state_machine.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tandem::channel {
namespace {

using ::testing::ElementsAre;
using Direction = ChannelStateMachine::Direction;

std::vector<std::string> names(const Result<ChannelEvents>& events) {
  EXPECT_TRUE(events.ok()) << events.failure().message;
  std::vector<std::string> out;
  if (!events) return out;
  for (const auto& event : events.value()) {
    out.push_back(std::string(event_name(event.kind)) +
                  (event.detail.empty() ? "" : " " + event.detail));
  }
  return out;
}

/// A machine brought to `state` the way a call gets there.
ChannelStateMachine machine_in(ChannelState state) {
  ChannelStateMachine machine(Direction::inbound);
  const auto go = [&](ChannelState to) { EXPECT_TRUE(machine.advance(to).ok()); };
  if (state == ChannelState::cs_new) return machine;
  go(ChannelState::cs_init);
  if (state == ChannelState::cs_init) return machine;
  if (state >= ChannelState::cs_hangup) {
    EXPECT_TRUE(machine.hangup(HangupCause::normal_clearing).ok());
    if (state >= ChannelState::cs_reporting) go(ChannelState::cs_reporting);
    if (state >= ChannelState::cs_destroy) go(ChannelState::cs_destroy);
    return machine;
  }
  go(ChannelState::cs_routing);
  if (state == ChannelState::cs_routing) return machine;
  go(ChannelState::cs_execute);
  if (state != ChannelState::cs_execute) go(state);
  return machine;
}

TEST(ChannelStateMachineTest, TakesEveryLegalTransitionAndRefusesEveryOther) {
  for (int from = 0; from < kChannelStateCount; ++from) {
    for (int to = 0; to < kChannelStateCount; ++to) {
      const auto a = static_cast<ChannelState>(from);
      const auto b = static_cast<ChannelState>(to);
      auto machine = machine_in(a);
      ASSERT_EQ(machine.state(), a);
      const auto result = b == ChannelState::cs_hangup ? machine.hangup(HangupCause::user_busy)
                                                       : machine.advance(b);
      SCOPED_TRACE(std::string(state_name(a)) + " -> " + std::string(state_name(b)));
      if (is_legal_transition(a, b)) {
        ASSERT_TRUE(result.ok()) << result.failure().message;
        EXPECT_EQ(machine.state(), b);
      } else {
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.failure().code, ErrorCode::failed_precondition);
        EXPECT_THAT(result.failure().message, ::testing::HasSubstr(state_name(a)));
        EXPECT_EQ(machine.state(), a) << "a refusal changes nothing";
      }
    }
  }
}

TEST(ChannelStateMachineTest, AnInboundCallReportsFreeSwitchsLifecycle) {
  ChannelStateMachine machine(Direction::inbound);
  EXPECT_THAT(names(machine.advance(ChannelState::cs_init)),
              ElementsAre("CHANNEL_STATE CS_INIT", "CHANNEL_CREATE"));
  EXPECT_THAT(names(machine.advance(ChannelState::cs_routing)),
              ElementsAre("CHANNEL_STATE CS_ROUTING", "CHANNEL_CALLSTATE RINGING"));
  EXPECT_THAT(names(machine.advance(ChannelState::cs_execute)),
              ElementsAre("CHANNEL_STATE CS_EXECUTE"));
  EXPECT_THAT(names(machine.answer()), ElementsAre("CHANNEL_CALLSTATE ACTIVE", "CHANNEL_ANSWER"));
  EXPECT_TRUE(machine.has(ChannelFlag::answered));
  EXPECT_THAT(names(machine.bridge("SIP/alice-00000002")),
              ElementsAre("CHANNEL_BRIDGE SIP/alice-00000002"));
  EXPECT_THAT(names(machine.dtmf('5')), ElementsAre("DTMF 5"));
  EXPECT_THAT(names(machine.unbridge()), ElementsAre("CHANNEL_UNBRIDGE"));
  EXPECT_THAT(names(machine.hangup(HangupCause::normal_clearing)),
              ElementsAre("CHANNEL_HANGUP NORMAL_CLEARING", "CHANNEL_STATE CS_HANGUP",
                          "CHANNEL_CALLSTATE HANGUP"));
  EXPECT_THAT(names(machine.advance(ChannelState::cs_reporting)),
              ElementsAre("CHANNEL_STATE CS_REPORTING", "CHANNEL_HANGUP_COMPLETE NORMAL_CLEARING"));
  EXPECT_THAT(names(machine.advance(ChannelState::cs_destroy)),
              ElementsAre("CHANNEL_STATE CS_DESTROY", "CHANNEL_CALLSTATE DOWN", "CHANNEL_DESTROY"));
}

TEST(ChannelStateMachineTest, EventsCarryTheStateAfterTheChange) {
  ChannelStateMachine machine(Direction::inbound);
  machine.advance(ChannelState::cs_init);
  const auto hangup = machine.hangup(HangupCause::user_busy).value();
  for (const auto& event : hangup) {
    EXPECT_EQ(event.state, ChannelState::cs_hangup);
    EXPECT_EQ(event.callstate, CallState::hangup);
  }
}

TEST(ChannelStateMachineTest, AnOutboundLegRingsThenHasEarlyMediaThenAnswers) {
  ChannelStateMachine machine(Direction::outbound);
  EXPECT_TRUE(machine.has(ChannelFlag::outbound));
  machine.advance(ChannelState::cs_init);
  EXPECT_THAT(names(machine.advance(ChannelState::cs_consume_media)),
              ElementsAre("CHANNEL_STATE CS_CONSUME_MEDIA"))
      << "an outbound leg is not ringing until the far end says so";
  EXPECT_THAT(names(machine.ring_ready()),
              ElementsAre("CHANNEL_CALLSTATE RINGING", "CHANNEL_PROGRESS"));
  EXPECT_THAT(names(machine.ring_ready()), ElementsAre()) << "a second 180 changes nothing";
  EXPECT_THAT(names(machine.pre_answer()),
              ElementsAre("CHANNEL_CALLSTATE EARLY", "CHANNEL_PROGRESS_MEDIA"));
  EXPECT_TRUE(machine.has(ChannelFlag::early_media));
  EXPECT_THAT(names(machine.answer()), ElementsAre("CHANNEL_CALLSTATE ACTIVE", "CHANNEL_ANSWER"));
  EXPECT_THAT(names(machine.answer()), ElementsAre());
  EXPECT_FALSE(machine.ring_ready().ok()) << "no ringing after the answer";
  EXPECT_FALSE(machine.pre_answer().ok());
}

TEST(ChannelStateMachineTest, HoldNeedsAnAnsweredCall) {
  ChannelStateMachine machine(Direction::inbound);
  machine.advance(ChannelState::cs_init);
  EXPECT_FALSE(machine.hold().ok());
  machine.answer();
  EXPECT_THAT(names(machine.hold()), ElementsAre("CHANNEL_CALLSTATE HELD", "CHANNEL_HOLD"));
  EXPECT_TRUE(machine.has(ChannelFlag::hold));
  EXPECT_THAT(names(machine.unhold()), ElementsAre("CHANNEL_CALLSTATE UNHELD", "CHANNEL_UNHOLD"));
  EXPECT_FALSE(machine.has(ChannelFlag::hold));
  EXPECT_THAT(names(machine.unhold()), ElementsAre());
}

TEST(ChannelStateMachineTest, BridgesOneAtATime) {
  ChannelStateMachine machine(Direction::inbound);
  machine.advance(ChannelState::cs_init);
  EXPECT_FALSE(machine.unbridge().ok());
  EXPECT_TRUE(machine.bridge("SIP/bob-00000001").ok());
  EXPECT_TRUE(machine.has(ChannelFlag::bridged));
  const auto again = machine.bridge("SIP/carol-00000002");
  ASSERT_FALSE(again.ok());
  EXPECT_THAT(again.failure().message, ::testing::StartsWith("bridging is not allowed"));
}

TEST(ChannelStateMachineTest, AHungUpChannelRefusesEverythingAndKeepsItsFirstCause) {
  ChannelStateMachine machine(Direction::inbound);
  machine.advance(ChannelState::cs_init);
  machine.advance(ChannelState::cs_routing);
  EXPECT_TRUE(machine.hangup(HangupCause::no_answer).ok());
  EXPECT_FALSE(machine.hangup(HangupCause::normal_clearing).ok());
  EXPECT_EQ(machine.cause(), HangupCause::no_answer);
  EXPECT_FALSE(machine.live());
  EXPECT_FALSE(machine.answer().ok());
  EXPECT_FALSE(machine.ring_ready().ok());
  EXPECT_FALSE(machine.pre_answer().ok());
  EXPECT_FALSE(machine.bridge("x").ok());
  EXPECT_FALSE(machine.dtmf('1').ok());
  EXPECT_FALSE(machine.park().ok());
  EXPECT_FALSE(machine.advance(ChannelState::cs_execute).ok());
}

TEST(ChannelStateMachineTest, ParkingSetsTheFlagUntilTheChannelMovesOn) {
  auto machine = machine_in(ChannelState::cs_execute);
  EXPECT_THAT(names(machine.park()), ElementsAre("CHANNEL_STATE CS_PARK"));
  EXPECT_TRUE(machine.has(ChannelFlag::parked));
  machine.advance(ChannelState::cs_execute);
  EXPECT_FALSE(machine.has(ChannelFlag::parked));
}

TEST(ChannelStateMachineTest, AnAnsweredOriginatorWaitsForTheOtherLeg) {
  ChannelStateMachine machine(Direction::inbound);
  machine.advance(ChannelState::cs_init);
  EXPECT_THAT(names(machine.mark_originator()), ElementsAre()) << "not answered yet";
  machine.answer();
  EXPECT_THAT(names(machine.mark_originator()), ElementsAre("CHANNEL_CALLSTATE RING_WAIT"));
  EXPECT_TRUE(machine.has(ChannelFlag::originator));
}

TEST(ChannelStateMachineTest, FlagsAndEventsHaveFreeSwitchsNames) {
  EXPECT_EQ(flag_name(ChannelFlag::answered), "ANSWERED");
  EXPECT_EQ(flag_name(ChannelFlag::ring_ready), "RING_READY");
  EXPECT_EQ(flag_name(ChannelFlag::parked), "PARK");
  EXPECT_EQ(event_name(ChannelEventKind::create), "CHANNEL_CREATE");
  EXPECT_EQ(event_name(ChannelEventKind::progress), "CHANNEL_PROGRESS_MEDIA");
  EXPECT_EQ(event_name(ChannelEventKind::destroy), "CHANNEL_DESTROY");
}

}  // namespace
}  // namespace tandem::channel
