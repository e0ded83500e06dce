#include "libs/sip/auth_header.hpp"

#include <gtest/gtest.h>

namespace tandem::sip {
namespace {

TEST(AuthHeaderTest, ReadsDigestCredentials) {
  auto header = parse_auth_header(
      "Digest username=\"bob\", realm=\"a, b\", nonce=\"n\\\"1\", uri=\"sip:example.com\", "
      "response=\"abc\", qop=auth, nc=00000001, cnonce=\"c\", algorithm=SHA-256");
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header.value().scheme, "Digest");
  EXPECT_EQ(*header.value().find("realm"), "a, b");
  EXPECT_EQ(*header.value().find("NONCE"), "n\"1");
  EXPECT_EQ(*header.value().find("qop"), "auth");
  EXPECT_EQ(header.value().find("opaque"), nullptr);
}

TEST(AuthHeaderTest, ReadsOtherSchemesAndRefusesGarbage) {
  auto other = parse_auth_header("NoOneKnowsThisScheme opaque-data=here");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other.value().scheme, "NoOneKnowsThisScheme");
  EXPECT_FALSE(parse_auth_header("Digest username").ok());
  EXPECT_FALSE(parse_auth_header("Digest a=\"unterminated").ok());
  EXPECT_FALSE(parse_auth_header("").ok());
}

}  // namespace
}  // namespace tandem::sip
