#include "libs/sip/via.hpp"

#include <gtest/gtest.h>

namespace tandem::sip {
namespace {

TEST(ViaTest, ReadsProtocolSentByAndParameters) {
  auto vias = parse_via_line("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776;rport;received=10.0.0.9");
  ASSERT_TRUE(vias.ok());
  const auto& via = vias.value().at(0);
  EXPECT_EQ(via.transport, "UDP");
  EXPECT_EQ(via.host, "10.0.0.1");
  EXPECT_EQ(via.port, 5060);
  EXPECT_EQ(via.branch(), "z9hG4bK776");
  EXPECT_TRUE(via.has_rport());
}

TEST(ViaTest, AllowsWhitespaceAroundSlashesAndSeveralValuesOnALine) {
  auto vias = parse_via_line("SIP  /   2.0\r\n  /UDP h1;branch=a , SIP/2.0/TCP [2001:db8::9]:5061");
  ASSERT_TRUE(vias.ok());
  ASSERT_EQ(vias.value().size(), 2u);
  EXPECT_EQ(vias.value()[0].version, "2.0");
  EXPECT_EQ(vias.value()[1].transport, "TCP");
  EXPECT_TRUE(vias.value()[1].ipv6);
  EXPECT_EQ(vias.value()[1].port, 5061);
}

TEST(ViaTest, ToleratesABracketedReceivedParameter) {
  auto vias =
      parse_via_line("SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3");
  ASSERT_TRUE(vias.ok());
  EXPECT_EQ(vias.value()[0].branch(), "z9hG4bKas3");
}

TEST(ViaTest, TopViaIsTheFirstValueOfALineWhoseOtherValuesMustParse) {
  Via top;
  ASSERT_TRUE(parse_top_via("SIP/2.0/TCP a:1;branch=z9hG4bK1, SIP/2.0/UDP b;branch=x", top));
  EXPECT_EQ(top.host, "a");
  EXPECT_EQ(top.branch(), "z9hG4bK1");
  Via broken;
  EXPECT_FALSE(parse_top_via("SIP/2.0/UDP a;branch=1, SIP/2.0 b", broken));
}

TEST(ViaTest, RefusesBrokenSeparatorsAndSentBy) {
  for (const char* text : {"SIP/2.0/UDP 192.0.2.15;;,;,,", "SIP/2.0 h", "SIP/2.0/UDP",
                           "SIP/2.0/UDP h:x", "SIP/2.0/UDP a,,b"}) {
    EXPECT_FALSE(parse_via_line(text).ok()) << text;
  }
}

}  // namespace
}  // namespace tandem::sip
