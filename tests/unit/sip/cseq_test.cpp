#include "libs/sip/cseq.hpp"

#include <gtest/gtest.h>

namespace tandem::sip {
namespace {

TEST(CSeqTest, ReadsNumberAndMethodWithLeadingZeros) {
  auto cseq = parse_cseq("0009\r\n  INVITE");
  ASSERT_TRUE(cseq.ok());
  EXPECT_EQ(cseq.value().number, 9u);
  EXPECT_EQ(cseq.value().method, "INVITE");
}

TEST(CSeqTest, RefusesNumbersFrom2To31UpAndGarbage) {
  EXPECT_TRUE(parse_cseq("2147483647 ACK").ok());
  for (const char* text :
       {"2147483648 ACK", "36893488147419103232 REGISTER", "x INVITE", "1", "-1 INVITE"}) {
    EXPECT_FALSE(parse_cseq(text).ok()) << text;
  }
}

TEST(CSeqTest, DecimalsStopAtTheirMaximumWithoutWrapping) {
  EXPECT_EQ(parse_decimal("0068", 255).value(), 68u);
  EXPECT_FALSE(parse_decimal("300", 255).ok());
  EXPECT_FALSE(parse_decimal("99999999999999999999999", 0xffffffffu).ok());
}

}  // namespace
}  // namespace tandem::sip
