#include "libs/sip/uri.hpp"

#include <gtest/gtest.h>

namespace tandem::sip {
namespace {

TEST(UriTest, SplitsASipUri) {
  auto uri = parse_uri("sips:alice:pw@Example.COM:5061;transport=tcp;lr?subject=hi&x=y");
  ASSERT_TRUE(uri.ok());
  const auto& u = uri.value();
  EXPECT_TRUE(u.is_sip());
  EXPECT_TRUE(u.is_sips());
  EXPECT_EQ(u.user, "alice");
  EXPECT_EQ(u.password, "pw");
  EXPECT_EQ(u.host, "Example.COM");
  EXPECT_EQ(u.port, 5061);
  EXPECT_EQ(u.params, ";transport=tcp;lr");
  EXPECT_EQ(u.headers, "subject=hi&x=y");
  EXPECT_EQ(u.host_port(), "Example.COM:5061");
}

TEST(UriTest, UserPartsMayHoldSemicolonsQuestionMarksAndEscapes) {
  auto semi = parse_uri("sip:user;par=u%40example.net@example.com");
  ASSERT_TRUE(semi.ok());
  EXPECT_EQ(semi.value().user, "user;par=u%40example.net");
  EXPECT_EQ(unescape(semi.value().user), "user;par=u@example.net");
  EXPECT_EQ(unescape("null-%00-null"), std::string("null-\0-null", 11)) << "no C-string truncation";
}

TEST(UriTest, SplitsParametersFromHeadersWhereverTheDelimitersFall) {
  auto both = parse_uri("sip:a;b@host.example.com;transport=tcp;lr?Subject=x&h=%20");
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both.value().user, "a;b");
  EXPECT_EQ(both.value().host, "host.example.com");
  EXPECT_EQ(both.value().params, ";transport=tcp;lr");
  EXPECT_EQ(both.value().headers, "Subject=x&h=%20");
  auto headers_only = parse_uri("sip:h?a=b");
  ASSERT_TRUE(headers_only.ok());
  EXPECT_EQ(headers_only.value().params, "");
  EXPECT_EQ(headers_only.value().host, "h");
  EXPECT_FALSE(parse_uri("sip:h?a=b;c").ok())
      << "a ';' after '?' is in the headers, where it may not be";
  auto user_question = parse_uri("sip:u?x@h;p");
  ASSERT_TRUE(user_question.ok()) << "'?' before the '@' is part of the user";
  EXPECT_EQ(user_question.value().user, "u?x");
  EXPECT_EQ(user_question.value().params, ";p");
  EXPECT_EQ(user_question.value().headers, "");
}

TEST(UriTest, SchemesCompareWithoutCase) {
  for (const char* text : {"sip:h", "SIP:h", "Sip:h"}) {
    EXPECT_TRUE(parse_uri(text).value().is_sip()) << text;
    EXPECT_FALSE(parse_uri(text).value().is_sips()) << text;
  }
  EXPECT_TRUE(parse_uri("SiPs:h").value().is_sips());
  EXPECT_TRUE(parse_uri("SiPs:h").value().is_sip());
  for (const char* text : {"sipx:h", "si:h", "sipss:h", "tel:1"}) {
    EXPECT_FALSE(parse_uri(text).value().is_sip()) << text;
  }
}

TEST(UriTest, ReadsIpv6ReferencesAsRfc5118Says) {
  auto with_port = parse_uri("sip:[2001:db8::10]:5070");
  ASSERT_TRUE(with_port.ok());
  EXPECT_TRUE(with_port.value().ipv6);
  EXPECT_EQ(with_port.value().host, "2001:db8::10");
  EXPECT_EQ(with_port.value().port, 5070);
  auto ambiguous = parse_uri("sip:[2001:db8::10:5070]");
  ASSERT_TRUE(ambiguous.ok());
  EXPECT_FALSE(ambiguous.value().port.has_value()) << "one address, no port";
  EXPECT_FALSE(parse_uri("sip:user@2001:db8::10").ok()) << "IPv6 needs brackets";
}

TEST(UriTest, OtherSchemesAreOpaque) {
  auto tel = parse_uri("tel:+1-212-555-0100");
  ASSERT_TRUE(tel.ok());
  EXPECT_TRUE(tel.value().is_tel());
  EXPECT_EQ(tel.value().opaque, "+1-212-555-0100");
  auto unknown = parse_uri("nobodyKnowsThisScheme:totallyopaquecontent");
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown.value().is_sip());
}

TEST(UriTest, RefusesMalformedUris) {
  for (const char* text : {"", "sip:", "<sip:a@b>", "sip:a@b c", "sip:@example.com", "sip:a@b@c",
                           "sip:a@exa_mple.com", "sip:a@b:99999", "sip:a@b:", "sip:%zz@b",
                           "1sip:a@b", "sip:[::1", "sip:[::1]x", "sip:a@b;p=\"q\""}) {
    EXPECT_FALSE(parse_uri(text).ok()) << text;
  }
}

}  // namespace
}  // namespace tandem::sip
