#include "libs/sip/transaction/client_transaction.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/sip/parser.hpp"

namespace tandem::sip {
namespace {

using std::chrono::milliseconds;
using State = ClientTransaction::State;

const TimerConfig kTimers{milliseconds{500}, milliseconds{4000}, milliseconds{5000}};

std::string request_text(const std::string& method) {
  return method +
         " sip:bob@127.0.0.1 SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKabc\r\n"
         "Route: <sip:proxy.example.com;lr>\r\n"
         "From: <sip:alice@example.com>;tag=a1\r\nTo: <sip:bob@example.com>\r\n"
         "Call-ID: c1\r\nCSeq: 5 " +
         method + "\r\nContent-Length: 0\r\n\r\n";
}

ClientTransaction make(const std::string& method, bool reliable = false) {
  const auto text = request_text(method);
  return ClientTransaction(*parse_message(text, Framing::datagram).message,
                           std::make_shared<const std::string>(text), reliable, kTimers);
}

SipMessage response(int status) {
  return *parse_message(
              "SIP/2.0 " + std::to_string(status) +
                  " X\r\n"
                  "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKabc\r\n"
                  "From: <sip:alice@example.com>;tag=a1\r\nTo: <sip:bob@example.com>;tag=b2\r\n"
                  "Call-ID: c1\r\nCSeq: 5 INVITE\r\nContent-Length: 0\r\n\r\n",
              Framing::datagram)
              .message;
}

TEST(ClientTransactionTest, NonInviteRetransmitsOnTimerECappedAtT2) {
  auto tx = make("OPTIONS");
  auto start = tx.start();
  EXPECT_EQ(start.sends.size(), 1u);
  ASSERT_EQ(start.timers.size(), 2u);
  EXPECT_EQ(start.timers[0].kind, TimerKind::E);
  EXPECT_EQ(start.timers[1].kind, TimerKind::F);
  const milliseconds expected[] = {milliseconds{1000}, milliseconds{2000}, milliseconds{4000},
                                   milliseconds{4000}};
  for (auto next : expected) EXPECT_EQ(tx.on_timer(TimerKind::E).timers.at(0).after, next);
  auto timeout = tx.on_timer(TimerKind::F);
  EXPECT_TRUE(timeout.timed_out);
  EXPECT_TRUE(timeout.terminated);
}

TEST(ClientTransactionTest, NonInviteProvisionalMovesToT2AndFinalStartsTimerK) {
  auto tx = make("OPTIONS");
  tx.start();
  EXPECT_TRUE(tx.on_response(response(100)).to_user);
  EXPECT_EQ(tx.on_timer(TimerKind::E).timers.at(0).after, milliseconds{4000});
  auto final = tx.on_response(response(200));
  EXPECT_TRUE(final.to_user);
  EXPECT_EQ(final.timers.at(0).kind, TimerKind::K);
  EXPECT_FALSE(tx.on_response(response(200)).to_user) << "a retransmitted final is absorbed";
  EXPECT_TRUE(tx.on_timer(TimerKind::K).terminated);
}

TEST(ClientTransactionTest, OverReliableTransportsThereAreNoRetransmissions) {
  auto tx = make("OPTIONS", true);
  auto start = tx.start();
  ASSERT_EQ(start.timers.size(), 1u);
  EXPECT_EQ(start.timers[0].kind, TimerKind::F);
}

TEST(ClientTransactionTest, InviteRetransmitsOnTimerAUntilAProvisionalAndTimesOutOnB) {
  auto tx = make("INVITE");
  tx.start();
  EXPECT_EQ(tx.on_timer(TimerKind::A).timers.at(0).after, milliseconds{1000});
  EXPECT_EQ(tx.on_timer(TimerKind::A).timers.at(0).after, milliseconds{2000});
  tx.on_response(response(180));
  EXPECT_TRUE(tx.on_timer(TimerKind::A).sends.empty());
  EXPECT_FALSE(tx.on_timer(TimerKind::B).terminated) << "B only runs while calling";
  auto fresh = make("INVITE");
  fresh.start();
  EXPECT_TRUE(fresh.on_timer(TimerKind::B).timed_out);
}

TEST(ClientTransactionTest, InviteFailureIsAcknowledgedByTheTransaction) {
  auto tx = make("INVITE");
  tx.start();
  auto busy = tx.on_response(response(486));
  EXPECT_TRUE(busy.to_user);
  ASSERT_EQ(busy.sends.size(), 1u);
  const std::string& ack = *busy.sends[0];
  EXPECT_THAT(ack, ::testing::StartsWith("ACK sip:bob@127.0.0.1 SIP/2.0\r\n"));
  EXPECT_THAT(ack, ::testing::HasSubstr("Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKabc\r\n"));
  EXPECT_THAT(ack, ::testing::HasSubstr("To: <sip:bob@example.com>;tag=b2\r\n"));
  EXPECT_THAT(ack, ::testing::HasSubstr("CSeq: 5 ACK\r\n"));
  EXPECT_THAT(ack, ::testing::HasSubstr("Route: <sip:proxy.example.com;lr>\r\n"));
  EXPECT_EQ(*tx.on_response(response(486)).sends.at(0), ack)
      << "the ACK again for a retransmitted final";
  EXPECT_TRUE(tx.on_timer(TimerKind::D).terminated);
}

TEST(ClientTransactionTest, Invite2xxRetransmissionsGoToTheUserUntilTimerM) {
  auto tx = make("INVITE");
  tx.start();
  EXPECT_TRUE(tx.on_response(response(200)).to_user);
  EXPECT_EQ(tx.state(), State::accepted);
  EXPECT_TRUE(tx.on_response(response(200)).to_user);
  EXPECT_TRUE(tx.on_timer(TimerKind::M).terminated);
}

}  // namespace
}  // namespace tandem::sip
