#include "libs/common/host_port.hpp"

#include <gtest/gtest.h>

namespace tandem {
namespace {

TEST(HostPortTest, ParsesNamesIpv4AndBracketedIpv6) {
  auto name = parse_host_port("redis.default.svc:6379");
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(name.value().host, "redis.default.svc");
  EXPECT_EQ(name.value().port, 6379);
  auto v6 = parse_host_port("[::1]:50051");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6.value().host, "::1");
  EXPECT_EQ(v6.value().to_string(), "[::1]:50051");
  EXPECT_TRUE(parse_host_port("0.0.0.0:0").ok());
}

TEST(HostPortTest, RefusesMalformedText) {
  for (const char* text : {"", "localhost", ":80", "host:", "host:65536", "host:x1", "::1:80",
                           "[::1]80", "ho st:80"}) {
    EXPECT_FALSE(parse_host_port(text).ok()) << text;
  }
}

}  // namespace
}  // namespace tandem
