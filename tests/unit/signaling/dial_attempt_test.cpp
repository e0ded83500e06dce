#include "services/signaling/dial_attempt.hpp"

#include <gtest/gtest.h>

namespace tandem::signaling {
namespace {

using channel::HangupCause;

TEST(DialAttemptTest, TheFirstLegToAnswerWinsAndTheOthersAreToBeCancelled) {
  DialAttempt dial;
  dial.placed(1);
  dial.placed(2);
  dial.placed(3);
  EXPECT_FALSE(dial.over());
  EXPECT_TRUE(dial.answered(2));
  EXPECT_FALSE(dial.answered(1)) << "a second answer loses";
  EXPECT_TRUE(dial.over());
  EXPECT_EQ(dial.winner(), 2u);
  EXPECT_EQ(dial.losers(), (std::vector<uint64_t>{1, 3}));
  EXPECT_EQ(dial.status(), DialStatus::answer);
  EXPECT_EQ(dial_status_name(dial.status()), "ANSWER");
}

TEST(DialAttemptTest, NoLegAtAllIsChannelUnavailable480) {
  DialAttempt dial;
  EXPECT_TRUE(dial.over());
  EXPECT_EQ(dial.status(), DialStatus::chanunavail);
  EXPECT_EQ(dial.cause(), HangupCause::subscriber_absent);
  EXPECT_EQ(channel::sip_status_for(dial.cause()), 480);
}

TEST(DialAttemptTest, AllBusyIsBusy486) {
  DialAttempt dial;
  dial.placed(1);
  dial.placed(2);
  dial.ended(1, HangupCause::user_busy);
  EXPECT_FALSE(dial.over()) << "one leg still rings";
  dial.ended(2, HangupCause::user_busy);
  EXPECT_TRUE(dial.over());
  EXPECT_EQ(dial.status(), DialStatus::busy);
  EXPECT_EQ(channel::sip_status_for(dial.cause()), 486);
}

TEST(DialAttemptTest, ABusyLegAmongUnreachableOnesIsStillBusy) {
  DialAttempt dial;
  dial.placed(1);
  dial.placed(2);
  dial.ended(1, HangupCause::recovery_on_timer_expire);
  dial.ended(2, HangupCause::user_busy);
  EXPECT_EQ(dial.status(), DialStatus::busy);
}

TEST(DialAttemptTest, TheTimeoutIsNoAnswer480) {
  DialAttempt dial;
  dial.placed(1);
  dial.timed_out();
  EXPECT_TRUE(dial.over());
  EXPECT_EQ(dial.losers(), (std::vector<uint64_t>{1}));
  EXPECT_EQ(dial.status(), DialStatus::noanswer);
  EXPECT_EQ(dial.cause(), HangupCause::no_answer);
  EXPECT_EQ(channel::sip_status_for(dial.cause()), 480);
  EXPECT_FALSE(dial.answered(1)) << "an answer after the timeout loses";
}

TEST(DialAttemptTest, ADeclineIsPassedOnAsRejected) {
  DialAttempt dial;
  dial.placed(1);
  dial.ended(1, HangupCause::call_rejected);
  EXPECT_EQ(dial.status(), DialStatus::noanswer);
  EXPECT_EQ(dial.cause(), HangupCause::call_rejected);
}

TEST(DialAttemptTest, ServerFailuresAreCongestionWithTheFirstCause) {
  DialAttempt dial;
  dial.placed(1);
  dial.placed(2);
  dial.ended(1, HangupCause::normal_temporary_failure);
  dial.ended(2, HangupCause::service_unavailable);
  EXPECT_EQ(dial.status(), DialStatus::congestion);
  EXPECT_EQ(dial.cause(), HangupCause::normal_temporary_failure);
}

TEST(DialAttemptTest, TheCallerGivingUpIsCancel) {
  DialAttempt dial;
  dial.placed(1);
  dial.cancelled();
  EXPECT_TRUE(dial.over());
  EXPECT_EQ(dial.status(), DialStatus::cancel);
}

TEST(DialAttemptTest, TheWinnerEndingIsNotAFailure) {
  DialAttempt dial;
  dial.placed(1);
  ASSERT_TRUE(dial.answered(1));
  dial.ended(1, HangupCause::normal_clearing);
  EXPECT_EQ(dial.status(), DialStatus::answer);
  EXPECT_FALSE(dial.live(1));
}

TEST(DialAttemptTest, AnUnknownLegIsIgnored) {
  DialAttempt dial;
  dial.placed(1);
  dial.ended(7, HangupCause::user_busy);
  EXPECT_FALSE(dial.answered(7));
  EXPECT_FALSE(dial.over());
}

}  // namespace
}  // namespace tandem::signaling
