#include "services/signaling/channel_timers.hpp"

#include <gtest/gtest.h>

#include "tests/support/manual_clock.hpp"

namespace tandem::signaling {
namespace {

using namespace std::chrono_literals;

class ChannelTimersTest : public ::testing::Test {
 protected:
  caf::actor_system_config config_;
  caf::actor_system system_{config_};
  caf::scoped_actor self_{system_};
  testing::ManualClock clock_;
  ChannelTimers timers_{clock_};

  int next_delivered() {
    int value = -1;
    self_->receive([&](int delivered) { value = delivered; },
                   caf::after(std::chrono::seconds(5)) >> [] {});
    return value;
  }
};

TEST_F(ChannelTimersTest, AMessageArrivesWhenTheClockReachesItsDeadlineAndNotBefore) {
  const auto me = caf::actor_cast<caf::actor>(self_);
  timers_.after(100ms, me, caf::make_message(2));
  timers_.after(50ms, me, caf::make_message(1));
  EXPECT_EQ(timers_.fire_due(), 0u) << "no time has passed";
  clock_.advance(60ms);
  EXPECT_EQ(timers_.fire_due(), 1u);
  EXPECT_EQ(next_delivered(), 1);
  clock_.advance(39ms);
  EXPECT_EQ(timers_.fire_due(), 0u) << "1 ms early";
  clock_.advance(1ms);
  EXPECT_EQ(timers_.fire_due(), 1u);
  EXPECT_EQ(next_delivered(), 2);
  EXPECT_EQ(timers_.pending(), 0u);
}

TEST_F(ChannelTimersTest, TimersWithTheSameDeadlineFireInTheOrderTheyWereSet) {
  const auto me = caf::actor_cast<caf::actor>(self_);
  for (int i = 0; i < 5; ++i) timers_.after(10ms, me, caf::make_message(i));
  clock_.advance(10ms);
  EXPECT_EQ(timers_.fire_due(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(next_delivered(), i);
}

TEST_F(ChannelTimersTest, AnActorThatIsGoneMeanwhileIsSkipped) {
  // An argument, because CAF 0.17 binds a null tuple for an actor spawned without one
  // (UBSan reports it).
  auto gone = system_.spawn([](caf::event_based_actor* self, int) { self->quit(); }, 0);
  self_->wait_for(gone);
  timers_.after(1ms, gone, caf::make_message(7));
  gone = caf::actor{};
  clock_.advance(1ms);
  EXPECT_EQ(timers_.fire_due(), 0u);
  EXPECT_EQ(timers_.pending(), 0u);
}

}  // namespace
}  // namespace tandem::signaling
