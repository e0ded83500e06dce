#include "libs/sip/transaction/server_transaction.hpp"

#include <gtest/gtest.h>

namespace tandem::sip {
namespace {

using std::chrono::milliseconds;
using State = ServerTransaction::State;

std::shared_ptr<const std::string> bytes(const std::string& text) {
  return std::make_shared<const std::string>(text);
}

const TimerConfig kTimers{milliseconds{500}, milliseconds{4000}, milliseconds{5000}};

TEST(ServerTransactionTest, NonInviteAbsorbsRetransmissionsAndResendsItsLastResponse) {
  ServerTransaction tx(false, false, kTimers);
  EXPECT_TRUE(tx.on_retransmission().sends.empty()) << "Trying: nothing sent yet";
  EXPECT_EQ(tx.on_response(100, bytes("100")).sends.size(), 1u);
  EXPECT_EQ(tx.state(), State::proceeding);
  EXPECT_EQ(*tx.on_retransmission().sends.at(0), "100");
  auto final = tx.on_response(200, bytes("200"));
  EXPECT_EQ(tx.state(), State::completed);
  ASSERT_EQ(final.timers.size(), 1u);
  EXPECT_EQ(final.timers[0].kind, TimerKind::J);
  EXPECT_EQ(final.timers[0].after, milliseconds{32'000});
  EXPECT_EQ(*tx.on_retransmission().sends.at(0), "200");
  EXPECT_TRUE(tx.on_response(500, bytes("500")).sends.empty()) << "one final response only";
  EXPECT_TRUE(tx.on_timer(TimerKind::J).terminated);
}

TEST(ServerTransactionTest, OverReliableTransportsTimerJIsZero) {
  ServerTransaction tx(false, true, kTimers);
  EXPECT_EQ(tx.on_response(200, bytes("200")).timers.at(0).after, milliseconds{0});
}

TEST(ServerTransactionTest, InviteFailureRetransmitsOnTimerGUntilAckOrTimerH) {
  ServerTransaction tx(true, false, kTimers);
  EXPECT_EQ(tx.state(), State::proceeding);
  auto final = tx.on_response(486, bytes("486"));
  EXPECT_EQ(tx.state(), State::completed);
  ASSERT_EQ(final.timers.size(), 2u);
  EXPECT_EQ(final.timers[0].kind, TimerKind::G);
  EXPECT_EQ(final.timers[0].after, milliseconds{500});
  const milliseconds expected[] = {milliseconds{1000}, milliseconds{2000}, milliseconds{4000},
                                   milliseconds{4000}};
  for (auto next : expected) {
    auto g = tx.on_timer(TimerKind::G);
    EXPECT_EQ(*g.sends.at(0), "486");
    EXPECT_EQ(g.timers.at(0).after, next) << "G doubles up to T2";
  }
  auto ack = tx.on_ack();
  EXPECT_EQ(tx.state(), State::confirmed);
  EXPECT_EQ(ack.timers.at(0).kind, TimerKind::I);
  EXPECT_TRUE(tx.on_timer(TimerKind::G).sends.empty()) << "G stops once confirmed";
  EXPECT_TRUE(tx.on_timer(TimerKind::I).terminated);
}

TEST(ServerTransactionTest, InviteWithoutAckTimesOutOnTimerH) {
  ServerTransaction tx(true, false, kTimers);
  tx.on_response(404, bytes("404"));
  auto h = tx.on_timer(TimerKind::H);
  EXPECT_TRUE(h.terminated);
  EXPECT_TRUE(h.timed_out);
}

TEST(ServerTransactionTest, Invite2xxIsAcceptedUntilTimerLAndNotRetransmittedByUs) {
  ServerTransaction tx(true, false, kTimers);
  auto ok = tx.on_response(200, bytes("200"));
  EXPECT_EQ(tx.state(), State::accepted);
  EXPECT_EQ(ok.timers.at(0).kind, TimerKind::L);
  EXPECT_TRUE(tx.on_retransmission().sends.empty()) << "RFC 6026: the TU retransmits 2xx";
  EXPECT_TRUE(tx.on_timer(TimerKind::L).terminated);
}

}  // namespace
}  // namespace tandem::sip
