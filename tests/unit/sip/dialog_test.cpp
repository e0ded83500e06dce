#include "libs/sip/dialog.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/sip/parser.hpp"

namespace tandem::sip {
namespace {

using ::testing::HasSubstr;

SipMessage message(const std::string& text) {
  auto parsed = parse_message(text, Framing::datagram);
  EXPECT_TRUE(parsed.ok()) << text;
  return *parsed.message;
}

const std::string kInvite =
    "INVITE sip:bob@tandem.example SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-1\r\n"
    "Max-Forwards: 70\r\n"
    "From: \"Alice\" <sip:alice@example.com>;tag=a1\r\n"
    "To: <sip:bob@tandem.example>\r\n"
    "Call-ID: call-1@10.0.0.1\r\n"
    "CSeq: 10 INVITE\r\n"
    "Contact: <sip:alice@10.0.0.1:5060>\r\n"
    "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
    "Record-Route: <sip:p3.example.com;lr>\r\n"
    "Content-Length: 0\r\n\r\n";

std::string in_dialog(const std::string& method, int cseq, const std::string& extra = "") {
  return method +
         " sip:bob@192.0.2.5 SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-" +
         std::to_string(cseq) +
         "\r\n"
         "From: \"Alice\" <sip:alice@example.com>;tag=a1\r\n"
         "To: <sip:bob@tandem.example>;tag=t1\r\n"
         "Call-ID: call-1@10.0.0.1\r\n"
         "CSeq: " +
         std::to_string(cseq) + " " + method + "\r\n" + extra + "Content-Length: 0\r\n\r\n";
}

TEST(DialogTest, AUasTakesItsStateFromTheInvite) {
  auto dialog = Dialog::as_uas(message(kInvite), "t1", "<sip:tandem@192.0.2.5:5060>");
  ASSERT_TRUE(dialog.ok()) << dialog.failure().message;
  EXPECT_EQ(dialog.value().id(), (DialogId{"call-1@10.0.0.1", "t1", "a1"}));
  EXPECT_EQ(dialog.value().remote_target(), "sip:alice@10.0.0.1:5060");
  EXPECT_THAT(dialog.value().route_set(),
              ::testing::ElementsAre("<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>",
                                     "<sip:p3.example.com;lr>"));
  EXPECT_EQ(dialog.value().remote_sequence(), 10u);
}

TEST(DialogTest, AUasByeGoesToTheContactThroughTheRouteSet) {
  auto dialog = Dialog::as_uas(message(kInvite), "t1", "<sip:tandem@192.0.2.5:5060>").value();
  const std::string bye =
      dialog.request("BYE", "SIP/2.0/UDP 192.0.2.5:5060;branch=z9hG4bK-b").serialize();
  EXPECT_THAT(bye, ::testing::StartsWith("BYE sip:alice@10.0.0.1:5060 SIP/2.0\r\n"));
  EXPECT_THAT(bye, HasSubstr("Route: <sip:p1.example.com;lr>\r\nRoute: <sip:p2.example.com;lr>\r\n"
                             "Route: <sip:p3.example.com;lr>\r\n"));
  EXPECT_THAT(bye, HasSubstr("From: <sip:bob@tandem.example>;tag=t1\r\n"));
  EXPECT_THAT(bye, HasSubstr("To: \"Alice\" <sip:alice@example.com>;tag=a1\r\n"));
  EXPECT_THAT(bye, HasSubstr("CSeq: 1 BYE\r\n"));
  EXPECT_THAT(dialog.request("INFO", "v").serialize(), HasSubstr("CSeq: 2 INFO\r\n"));
  EXPECT_THAT(dialog.request("INVITE", "v").serialize(),
              HasSubstr("Contact: <sip:tandem@192.0.2.5:5060>\r\n"));
  const auto parsed = parse_message(bye, Framing::datagram);
  EXPECT_TRUE(parsed.ok()) << "what it builds parses";
}

TEST(DialogTest, AUacReversesTheRouteSetAndTakesTheResponsesContact) {
  const auto ok = message(
      "SIP/2.0 200 OK\r\n"
      "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-1\r\n"
      "From: \"Alice\" <sip:alice@example.com>;tag=a1\r\n"
      "To: <sip:bob@tandem.example>;tag=b9\r\n"
      "Call-ID: call-1@10.0.0.1\r\n"
      "CSeq: 10 INVITE\r\n"
      "Contact: <sip:bob@192.0.2.9>\r\n"
      "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
      "Content-Length: 0\r\n\r\n");
  auto dialog = Dialog::as_uac(message(kInvite), ok, "<sip:tandem@192.0.2.5>");
  ASSERT_TRUE(dialog.ok()) << dialog.failure().message;
  EXPECT_EQ(dialog.value().id(), (DialogId{"call-1@10.0.0.1", "a1", "b9"}));
  EXPECT_EQ(dialog.value().remote_target(), "sip:bob@192.0.2.9");
  EXPECT_THAT(dialog.value().route_set(),
              ::testing::ElementsAre("<sip:p2.example.com;lr>", "<sip:p1.example.com;lr>"));
  const std::string ack = dialog.value().ack(10, "SIP/2.0/UDP x;branch=z9hG4bK-a").serialize();
  EXPECT_THAT(ack, ::testing::StartsWith("ACK sip:bob@192.0.2.9 SIP/2.0\r\n"));
  EXPECT_THAT(ack, HasSubstr("CSeq: 10 ACK\r\n")) << "the INVITE's number";
  EXPECT_THAT(dialog.value().request("BYE", "v").serialize(), HasSubstr("CSeq: 11 BYE\r\n"));
}

TEST(DialogTest, AForkedAnswerFormsADialogOfItsOwnWithTheSameLocalSide) {
  const auto response = [](const std::string& tag, const std::string& contact,
                           const std::string& routes) {
    return message(
        "SIP/2.0 200 OK\r\n"
        "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-1\r\n"
        "From: \"Alice\" <sip:alice@example.com>;tag=a1\r\n"
        "To: <sip:bob@tandem.example>;tag=" +
        tag +
        "\r\n"
        "Call-ID: call-1@10.0.0.1\r\n"
        "CSeq: 10 INVITE\r\n"
        "Contact: <" +
        contact + ">\r\n" + routes + "Content-Length: 0\r\n\r\n");
  };
  const auto first =
      Dialog::as_uac(message(kInvite), response("b9", "sip:bob@192.0.2.9", ""), "<sip:t@192.0.2.5>")
          .value();
  auto fork = first.forked_by(
      response("c7", "sip:bob@192.0.2.77", "Record-Route: <sip:p1;lr>, <sip:p2;lr>\r\n"));
  ASSERT_TRUE(fork.ok()) << fork.failure().message;
  EXPECT_EQ(fork.value().id(), (DialogId{"call-1@10.0.0.1", "a1", "c7"}));
  EXPECT_EQ(fork.value().remote_target(), "sip:bob@192.0.2.77");
  EXPECT_THAT(fork.value().route_set(), ::testing::ElementsAre("<sip:p2;lr>", "<sip:p1;lr>"));
  const std::string ack = fork.value().ack(10, "v").serialize();
  EXPECT_THAT(ack, HasSubstr("To: <sip:bob@tandem.example>;tag=c7\r\n"));
  EXPECT_THAT(ack, HasSubstr("From: \"Alice\" <sip:alice@example.com>;tag=a1\r\n"));
  EXPECT_EQ(first.id().remote_tag, "b9") << "the first dialog is left as it was";
  EXPECT_FALSE(first
                   .forked_by(message("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK-1\r\n"
                                      "From: <sip:a@x>;tag=a1\r\nTo: <sip:b@x>\r\n"
                                      "Call-ID: c\r\nCSeq: 10 INVITE\r\n"
                                      "Content-Length: 0\r\n\r\n"))
                   .ok())
      << "a 2xx without a To tag forms no dialog";
}

TEST(DialogTest, AStrictRouterBecomesTheRequestUri) {
  std::string invite = kInvite;
  invite.replace(invite.find("Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
                             "Record-Route: <sip:p3.example.com;lr>\r\n"),
                 std::string("Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
                             "Record-Route: <sip:p3.example.com;lr>\r\n")
                     .size(),
                 "Record-Route: <sip:strict.example.com>, <sip:p2.example.com;lr>\r\n");
  auto dialog = Dialog::as_uas(message(invite), "t1", "<sip:t@x>").value();
  const std::string bye = dialog.request("BYE", "v").serialize();
  EXPECT_THAT(bye, ::testing::StartsWith("BYE sip:strict.example.com SIP/2.0\r\n"));
  EXPECT_THAT(bye,
              HasSubstr("Route: <sip:p2.example.com;lr>\r\nRoute: <sip:alice@10.0.0.1:5060>\r\n"));
}

TEST(DialogTest, RequestsMustCountUpAndAReinviteMovesTheTarget) {
  auto dialog = Dialog::as_uas(message(kInvite), "t1", "<sip:t@x>").value();
  const auto lower = dialog.receive(message(in_dialog("BYE", 9)));
  ASSERT_FALSE(lower.ok());
  EXPECT_THAT(lower.failure().message, HasSubstr("CSeq 9 is not above 10"));
  EXPECT_TRUE(dialog.receive(message(in_dialog("ACK", 10))).ok()) << "ACK keeps its INVITE's";
  EXPECT_TRUE(
      dialog.receive(message(in_dialog("INVITE", 11, "Contact: <sip:alice@10.0.0.7>\r\n"))).ok());
  EXPECT_EQ(dialog.remote_target(), "sip:alice@10.0.0.7");
  EXPECT_EQ(dialog.remote_sequence(), 11u);
  EXPECT_FALSE(dialog.receive(message(in_dialog("INFO", 11))).ok());
  EXPECT_TRUE(dialog.receive(message(in_dialog("BYE", 12))).ok());
}

TEST(DialogTest, ReadsTheDialogARequestNamesFromTheReceiversSide) {
  EXPECT_EQ(dialog_id_of_request(message(in_dialog("BYE", 12))),
            (DialogId{"call-1@10.0.0.1", "t1", "a1"}));
  EXPECT_FALSE(dialog_id_of_request(message(kInvite)).has_value()) << "no To tag: a new call";
}

TEST(DialogTest, RefusesWhatCannotFormADialog) {
  std::string no_contact = kInvite;
  no_contact.erase(no_contact.find("Contact: "),
                   std::string("Contact: <sip:alice@10.0.0.1:5060>\r\n").size());
  EXPECT_THAT(Dialog::as_uas(message(no_contact), "t", "c").failure().message,
              HasSubstr("an INVITE must have one"));
  EXPECT_THAT(Dialog::as_uas(message(in_dialog("INVITE", 3, "Contact: <sip:a@b>\r\n")), "t", "c")
                  .failure()
                  .message,
              HasSubstr("already has a tag"));
}

}  // namespace
}  // namespace tandem::sip
