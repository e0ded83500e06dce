#include "libs/sip/transaction/transaction_layer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/sip/parser.hpp"
#include "libs/sip/response_builder.hpp"
#include "tests/support/manual_clock.hpp"

namespace tandem::sip {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

/// Records what the layer sends.
class RecordingSender final : public MessageSender {
 public:
  void send(const TransportAddress& to, std::shared_ptr<const std::string> bytes) override {
    sent.push_back({to, *bytes});
  }
  std::vector<std::pair<TransportAddress, std::string>> sent;
};

/// Records what reaches the TU; optionally answers at once.
class RecordingUser final : public TransactionUser {
 public:
  void on_request(const std::optional<ServerTransactionId>& transaction, const SipMessage& request,
                  const RequestInfo&, const TransportAddress&) override {
    requests.push_back({transaction, std::string(request.method_name())});
  }
  void on_response(const ClientTransactionId&, const SipMessage& response) override {
    responses.push_back(response.status());
  }
  void on_timeout(const ClientTransactionId&) override { ++timeouts; }

  std::vector<std::pair<std::optional<ServerTransactionId>, std::string>> requests;
  std::vector<int> responses;
  int timeouts = 0;
};

std::string request_text(const std::string& method, const std::string& via,
                         const std::string& cseq_method = "") {
  return method +
         " sip:registrar@127.0.0.1 SIP/2.0\r\n"
         "Via: " +
         via +
         "\r\n"
         "From: <sip:alice@example.com>;tag=a1\r\nTo: <sip:alice@example.com>\r\n"
         "Call-ID: call-1\r\nCSeq: 1 " +
         (cseq_method.empty() ? method : cseq_method) +
         "\r\n"
         "Content-Length: 0\r\n\r\n";
}

class TransactionLayerTest : public ::testing::Test {
 protected:
  void receive(const std::string& text, TransportKind transport = TransportKind::udp) {
    auto parsed = parse_message(text, Framing::datagram);
    ASSERT_TRUE(parsed.ok());
    if (parsed.message->is_request()) {
      auto info = inspect_request(*parsed.message);
      ASSERT_TRUE(info.ok());
      layer.receive_request(*parsed.message, info.value(), {transport, "192.0.2.7", 40000, 9});
    } else {
      auto info = inspect_response(*parsed.message);
      ASSERT_TRUE(info.ok());
      layer.receive_response(*parsed.message, info.value());
    }
  }
  OutgoingMessage answer(const std::string& request, int status) {
    auto parsed = parse_message(request, Framing::datagram);
    return make_response(*parsed.message, {"192.0.2.7", 40000}, status, reason_phrase(status),
                         "t1");
  }
  void wait(milliseconds by) {
    clock.advance(by);
    layer.advance();
  }

  tandem::testing::ManualClock clock;
  RecordingSender sender;
  RecordingUser user;
  TransactionLayer layer{clock, TimerConfig{}, sender, user, 4};
};

const std::string kRegisterVia = "SIP/2.0/UDP host.example.com:5062;branch=z9hG4bKreg1";

TEST_F(TransactionLayerTest, ANewRequestReachesTheUserOnceAndRetransmissionsAreAbsorbed) {
  const auto text = request_text("REGISTER", kRegisterVia);
  receive(text);
  receive(text);
  ASSERT_EQ(user.requests.size(), 1u);
  ASSERT_TRUE(user.requests[0].first.has_value());
  EXPECT_TRUE(sender.sent.empty()) << "Trying: nothing to resend yet";
  EXPECT_EQ(layer.stats().absorbed, 1u);

  EXPECT_TRUE(layer.respond(*user.requests[0].first, answer(text, 200)));
  ASSERT_EQ(sender.sent.size(), 1u);
  EXPECT_EQ(sender.sent[0].first.ip, "192.0.2.7");
  EXPECT_EQ(sender.sent[0].first.port, 5062) << "the sent-by port, no rport asked";
  receive(text);
  ASSERT_EQ(sender.sent.size(), 2u);
  EXPECT_EQ(sender.sent[1].second, sender.sent[0].second) << "the final response again";
  EXPECT_EQ(user.requests.size(), 1u);
}

TEST_F(TransactionLayerTest, ACompletedNonInviteTransactionLivesForTimerJ) {
  const auto text = request_text("OPTIONS", kRegisterVia);
  receive(text);
  layer.respond(*user.requests[0].first, answer(text, 200));
  EXPECT_EQ(layer.stats().server_non_invite, 1);
  wait(milliseconds{31'999});
  EXPECT_EQ(layer.stats().server_non_invite, 1);
  wait(milliseconds{1});
  EXPECT_EQ(layer.stats().server_non_invite, 0);
  receive(text);
  EXPECT_EQ(user.requests.size(), 2u) << "after Timer J the same request is new again";
}

TEST_F(TransactionLayerTest, OverTcpTheTransactionEndsAtOnceAndAnswersGoBackOnTheConnection) {
  const auto text = request_text("OPTIONS", "SIP/2.0/TCP host.example.com;branch=z9hG4bKt1");
  receive(text, TransportKind::tcp);
  layer.respond(*user.requests[0].first, answer(text, 200));
  EXPECT_EQ(sender.sent.at(0).first.connection, 9u);
  layer.advance();
  EXPECT_EQ(layer.stats().server_non_invite, 0);
}

TEST_F(TransactionLayerTest, InviteGets100AtOnceAndItsFailureIsRetransmittedUntilTheAck) {
  const auto invite =
      request_text("INVITE", "SIP/2.0/UDP host.example.com;rport;branch=z9hG4bKinv");
  receive(invite);
  ASSERT_EQ(sender.sent.size(), 1u);
  EXPECT_THAT(sender.sent[0].second, ::testing::StartsWith("SIP/2.0 100 Trying\r\n"));
  EXPECT_EQ(sender.sent[0].first.port, 40000) << "rport: back to the source port";
  layer.respond(*user.requests[0].first, answer(invite, 486));
  ASSERT_EQ(sender.sent.size(), 2u);
  wait(milliseconds{500});
  wait(milliseconds{1000});
  EXPECT_EQ(sender.sent.size(), 4u) << "Timer G at T1, then 2*T1";
  receive(request_text("ACK", "SIP/2.0/UDP host.example.com;rport;branch=z9hG4bKinv"));
  EXPECT_EQ(user.requests.size(), 1u) << "the ACK of a failure stays in the transaction";
  wait(milliseconds{10'000});
  EXPECT_EQ(sender.sent.size(), 4u) << "no more retransmissions after the ACK";
  EXPECT_EQ(layer.stats().server_invite, 0);
}

TEST_F(TransactionLayerTest, AnAckForA2xxGoesToTheUserWithoutATransaction) {
  receive(request_text("ACK", "SIP/2.0/UDP host.example.com;branch=z9hG4bKnew", "ACK"));
  ASSERT_EQ(user.requests.size(), 1u);
  EXPECT_FALSE(user.requests[0].first.has_value());
}

TEST_F(TransactionLayerTest, MatchesRfc2543RequestsWithoutABranch) {
  const auto text = request_text("OPTIONS", "SIP/2.0/UDP old.example.com");
  receive(text);
  receive(text);
  EXPECT_EQ(user.requests.size(), 1u);
  EXPECT_EQ(layer.stats().absorbed, 1u);
}

TEST_F(TransactionLayerTest, ACancelFindsItsInvite) {
  const auto via = "SIP/2.0/UDP host.example.com;branch=z9hG4bKc1";
  receive(request_text("INVITE", via));
  auto cancel = parse_message(request_text("CANCEL", via), Framing::datagram);
  auto info = inspect_request(*cancel.message);
  EXPECT_EQ(layer.invite_for_cancel(*cancel.message, info.value())->key,
            user.requests[0].first->key);
}

TEST_F(TransactionLayerTest, ClientTransactionsRetransmitDeliverResponsesAndTimeOut) {
  auto options = OutgoingMessage::request("OPTIONS", "sip:bob@127.0.0.1:5080");
  options.add("Via", "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKout1")
      .add("From", "<sip:tandem@127.0.0.1>;tag=x")
      .add("To", "<sip:bob@127.0.0.1>")
      .add("Call-ID", "o1")
      .add("CSeq", "1 OPTIONS");
  auto id = layer.send_request(options, {TransportKind::udp, "127.0.0.1", 5080, 0});
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(sender.sent.size(), 1u);
  wait(milliseconds{500});
  EXPECT_EQ(sender.sent.size(), 2u);
  receive(
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKout1\r\n"
      "From: <sip:tandem@127.0.0.1>;tag=x\r\nTo: <sip:bob@127.0.0.1>;tag=y\r\n"
      "Call-ID: o1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(user.responses, std::vector<int>{200});

  auto lonely = OutgoingMessage::request("OPTIONS", "sip:nobody@127.0.0.1:5081");
  lonely.add("Via", "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKout2")
      .add("From", "<sip:t@h>;tag=1")
      .add("To", "<sip:n@h>")
      .add("Call-ID", "o2")
      .add("CSeq", "1 OPTIONS");
  ASSERT_TRUE(layer.send_request(lonely, {TransportKind::udp, "127.0.0.1", 5081, 0}).ok());
  wait(milliseconds{32'000});
  EXPECT_EQ(user.timeouts, 1) << "Timer F";
}

TEST_F(TransactionLayerTest, AResponseNobodyWaitsForIsDropped) {
  receive(
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKnobody\r\n"
      "From: <sip:a@h>;tag=x\r\nTo: <sip:b@h>\r\nCall-ID: z\r\nCSeq: 1 OPTIONS\r\n\r\n");
  EXPECT_TRUE(user.responses.empty());
}

}  // namespace
}  // namespace tandem::sip
