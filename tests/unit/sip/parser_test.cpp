#include "libs/sip/parser.hpp"

#include <gtest/gtest.h>

namespace tandem::sip {
namespace {

const std::string kRegister =
    "REGISTER sip:example.com SIP/2.0\r\n"
    "v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1\r\n"
    "f: <sip:alice@example.com>;tag=1\r\n"
    "t: <sip:alice@example.com>\r\n"
    "i: call-1\r\n"
    "CSeq: 1 REGISTER\r\n"
    "Subject: first line\r\n"
    "  continued\r\n"
    "l: 4\r\n"
    "\r\n"
    "bodyEXTRA";

TEST(ParserTest, ReadsTheStartLineHeadersAndBody) {
  auto parsed = parse_message(kRegister, Framing::datagram);
  ASSERT_TRUE(parsed.ok());
  const auto& m = *parsed.message;
  EXPECT_TRUE(m.is_request());
  EXPECT_EQ(m.method(), Method::register_);
  EXPECT_EQ(m.request_uri(), "sip:example.com");
  EXPECT_EQ(m.value(HeaderId::call_id), "call-1");
  EXPECT_EQ(m.value(HeaderId::via), "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1");
  EXPECT_EQ(m.find(HeaderId::via)->name, "v") << "the name as written";
  EXPECT_EQ(m.value(HeaderId::subject), "first line\r\n  continued")
      << "a folded value spans the fold";
  EXPECT_EQ(m.body(), "body") << "RFC 3261 18.3: bytes after Content-Length are ignored";
}

TEST(ParserTest, HeaderNamesAreCaseInsensitiveAndMayHaveSpaceBeforeTheColon) {
  auto parsed = parse_message("OPTIONS sip:a@b SIP/2.0\r\ncall-id : x\r\nCONTENT-LENGTH:0\r\n\r\n",
                              Framing::datagram);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.message->value(HeaderId::call_id), "x");
  EXPECT_EQ(parsed.message->count(HeaderId::content_length), 1u);
}

TEST(ParserTest, WithoutContentLengthADatagramBodyRunsToTheEndAndAStreamHasNone) {
  const std::string text = "MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\nhello";
  EXPECT_EQ(parse_message(text, Framing::datagram).message->body(), "hello");
  EXPECT_EQ(parse_message(text, Framing::stream).message->body(), "");
}

TEST(ParserTest, SkipsLeadingBlankLinesAndAcceptsBareLineFeeds) {
  auto parsed = parse_message("\r\n\r\nOPTIONS sip:a@b SIP/2.0\nCall-ID: x\n\n", Framing::datagram);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.message->value(HeaderId::call_id), "x");
}

TEST(ParserTest, ReadsStatusLinesWithEmptyOrUnusualReasons) {
  auto empty = parse_message("SIP/2.0 100 \r\nCall-ID: x\r\n\r\n", Framing::datagram);
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty.message->is_request());
  EXPECT_EQ(empty.message->status(), 100);
  EXPECT_EQ(empty.message->reason(), "");
  EXPECT_FALSE(parse_message("SIP/2.0 2000 OK\r\n\r\n", Framing::datagram).ok());
  EXPECT_FALSE(parse_message("SIP/2.0 099 Low\r\n\r\n", Framing::datagram).ok());
}

TEST(ParserTest, AnotherVersionIs505AndTheHeadersAreStillReadForTheAnswer) {
  auto parsed =
      parse_message("OPTIONS sip:a@b SIP/3.0\r\nVia: SIP/3.0/UDP h\r\n\r\n", Framing::datagram);
  ASSERT_TRUE(parsed.error.has_value());
  EXPECT_EQ(parsed.error->status, 505);
  ASSERT_TRUE(parsed.message.has_value());
  EXPECT_EQ(parsed.message->value(HeaderId::via), "SIP/3.0/UDP h");
}

TEST(ParserTest, RefusesBrokenFramingWithClearReasons) {
  struct Case {
    std::string text;
    std::string reason;
  };
  const Case cases[] = {
      {"OPTIONS sip:a@b SIP/2.0\r\nl: -1\r\n\r\n", "Malformed Content-Length"},
      {"OPTIONS sip:a@b SIP/2.0\r\nl: 1\r\nContent-Length: 2\r\n\r\nab",
       "Conflicting Content-Length"},
      {"OPTIONS sip:a@b SIP/2.0\r\nl: 10\r\n\r\nab", "Content-Length Larger Than Message"},
      {"OPTIONS sip:a@b SIP/2.0\r\nno colon here\r\n\r\n", "Malformed Header Line"},
      {"OPTIONS sip:a@b SIP/2.0\r\n continuation first\r\n\r\n", "Malformed Header Line"},
      {"OPTIONS sip:a@b SIP/2.0\r\nBad Name: x\r\n\r\n", "Malformed Header Name"},
      {"OPTIONS  sip:a@b SIP/2.0\r\n\r\n", "Malformed Request-URI"},
      {"OPTIONS\r\n\r\n", "Malformed Request-Line"},
      {"OPT<IONS sip:a@b SIP/2.0\r\n\r\n", "Malformed Method"},
  };
  for (const auto& c : cases) {
    auto parsed = parse_message(c.text, Framing::datagram);
    ASSERT_TRUE(parsed.error.has_value()) << c.text;
    EXPECT_EQ(parsed.error->status, 400) << c.text;
    EXPECT_EQ(parsed.error->reason, c.reason) << c.text;
  }
}

TEST(ParserTest, EnforcesItsLimits) {
  ParseLimits limits;
  limits.max_message_bytes = 100;
  limits.max_headers = 2;
  limits.max_line_bytes = 40;
  EXPECT_EQ(parse_message(std::string(101, 'x'), Framing::datagram, limits).error->status, 513);
  auto many = parse_message("OPTIONS sip:a@b SIP/2.0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n",
                            Framing::datagram, limits);
  EXPECT_EQ(many.error->reason, "Too Many Header Lines");
  auto long_line =
      parse_message("OPTIONS sip:a@b SIP/2.0\r\nA: " + std::string(50, 'y') + "\r\n\r\n",
                    Framing::datagram, limits);
  EXPECT_EQ(long_line.error->reason, "Header Line Too Long");
}

TEST(ParserTest, CopiesShareTheBytesAndStayValid) {
  std::optional<SipMessage> copy;
  {
    auto parsed = parse_message(kRegister, Framing::datagram);
    copy = *parsed.message;
  }
  EXPECT_EQ(copy->value(HeaderId::call_id), "call-1");
  EXPECT_EQ(copy->body(), "body");
}

}  // namespace
}  // namespace tandem::sip
