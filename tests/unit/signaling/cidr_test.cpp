#include "services/signaling/cidr.hpp"

#include <gtest/gtest.h>

namespace tandem::signaling {
namespace {

TEST(CidrTest, MatchesAddressesInsideTheNetwork) {
  const auto loopback = Cidr::parse("127.0.0.0/8").value();
  EXPECT_TRUE(loopback.contains("127.1.2.3"));
  EXPECT_FALSE(loopback.contains("128.0.0.1"));
  EXPECT_FALSE(loopback.contains("::1")) << "the other family never matches";
  const auto odd = Cidr::parse("192.0.2.128/25").value();
  EXPECT_TRUE(odd.contains("192.0.2.200"));
  EXPECT_FALSE(odd.contains("192.0.2.100"));
  const auto v6 = Cidr::parse("2001:db8::/32").value();
  EXPECT_TRUE(v6.contains("2001:db8:1::9"));
  EXPECT_TRUE(Cidr::parse("10.0.0.7").value().contains("10.0.0.7")) << "a bare address is a /32";
  EXPECT_TRUE(Cidr::parse("0.0.0.0/0").value().contains("8.8.8.8"));
}

TEST(CidrTest, RefusesWhatIsNotANetwork) {
  for (const char* text : {"", "localhost", "10.0.0.0/33", "10.0.0.0/x", "::/129", "1.2.3/8"}) {
    EXPECT_FALSE(Cidr::parse(text).ok()) << text;
  }
}

}  // namespace
}  // namespace tandem::signaling
