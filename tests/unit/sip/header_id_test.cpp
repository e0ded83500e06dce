#include "libs/sip/header_id.hpp"

#include <gtest/gtest.h>

namespace tandem::sip {
namespace {

TEST(HeaderIdTest, KnowsNamesInAnyCaseAndTheirCompactForms) {
  EXPECT_EQ(header_id("Via"), HeaderId::via);
  EXPECT_EQ(header_id("vIA"), HeaderId::via);
  EXPECT_EQ(header_id("v"), HeaderId::via);
  EXPECT_EQ(header_id("V"), HeaderId::via);
  EXPECT_EQ(header_id("CALL-ID"), HeaderId::call_id);
  EXPECT_EQ(header_id("i"), HeaderId::call_id);
  EXPECT_EQ(header_id("proxy-authorization"), HeaderId::proxy_authorization);
  EXPECT_EQ(header_id("l"), HeaderId::content_length);
  EXPECT_EQ(header_id("content-length"), HeaderId::content_length);
}

TEST(HeaderIdTest, EveryKnownNameMapsBackToItself) {
  for (auto id = static_cast<size_t>(HeaderId::other) + 1;
       id < static_cast<size_t>(HeaderId::count_); ++id) {
    const auto name = header_name(static_cast<HeaderId>(id));
    if (name.empty()) continue;
    EXPECT_EQ(header_id(name), static_cast<HeaderId>(id)) << name;
  }
}

TEST(HeaderIdTest, OtherNamesAreOther) {
  for (const char* name : {"", "X-Custom", "Vi", "Viaa", "Call\rID", "Call_ID", "Content-Lengths",
                           "Proxy-Authorization-X", "z", "1"}) {
    EXPECT_EQ(header_id(name), HeaderId::other) << name;
  }
}

}  // namespace
}  // namespace tandem::sip
