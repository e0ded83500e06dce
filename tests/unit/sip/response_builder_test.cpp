#include "libs/sip/response_builder.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/sip/parser.hpp"

namespace tandem::sip {
namespace {

using ::testing::HasSubstr;

SipMessage request(const std::string& via) {
  return *parse_message(
              "REGISTER sip:example.com SIP/2.0\r\n"
              "Via: " +
                  via +
                  "\r\n"
                  "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp\r\n"
                  "From: <sip:alice@example.com>;tag=f1\r\n"
                  "To: <sip:alice@example.com>\r\n"
                  "Call-ID: c1\r\nCSeq: 7 REGISTER\r\nContent-Length: 0\r\n\r\n",
              Framing::datagram)
              .message;
}

TEST(ResponseBuilderTest, CopiesTheDialogHeadersAndAddsReceivedAndRport) {
  const auto text =
      make_response(request("SIP/2.0/UDP host.example.com:5062;branch=z9hG4bK1;rport"),
                    {"192.0.2.7", 40000}, 200, "OK", "totag")
          .serialize();
  EXPECT_THAT(text, HasSubstr("SIP/2.0 200 OK\r\n"));
  EXPECT_THAT(
      text, HasSubstr("Via: SIP/2.0/UDP "
                      "host.example.com:5062;branch=z9hG4bK1;received=192.0.2.7;rport=40000\r\n"));
  EXPECT_THAT(text, HasSubstr("Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp\r\n"));
  EXPECT_THAT(text, HasSubstr("To: <sip:alice@example.com>;tag=totag\r\n"));
  EXPECT_THAT(text, HasSubstr("From: <sip:alice@example.com>;tag=f1\r\n"));
  EXPECT_THAT(text, HasSubstr("Call-ID: c1\r\nCSeq: 7 REGISTER\r\n"));
  EXPECT_THAT(text, HasSubstr("Content-Length: 0\r\n\r\n"));
}

TEST(ResponseBuilderTest, LeavesViaAloneWhenTheSourceMatchesAndNoRportWasAsked) {
  const auto text = make_response(request("SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1"),
                                  {"192.0.2.7", 5060}, 100, "Trying", "totag")
                        .serialize();
  EXPECT_THAT(text, HasSubstr("Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1\r\n"));
  EXPECT_THAT(text, HasSubstr("To: <sip:alice@example.com>\r\n")) << "no tag on a 100";
}

TEST(ResponseBuilderTest, UnfoldsFoldedValues) {
  EXPECT_EQ(unfold("a\r\n  b\r\n\tc"), "a b c");
  EXPECT_EQ(reason_phrase(423), "Interval Too Brief");
}

}  // namespace
}  // namespace tandem::sip
