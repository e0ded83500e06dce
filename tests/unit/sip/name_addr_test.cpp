#include "libs/sip/name_addr.hpp"

#include <gtest/gtest.h>

namespace tandem::sip {
namespace {

TEST(NameAddrTest, ReadsQuotedDisplayNamesUriAndHeaderParameters) {
  auto address = parse_name_addr("\"J Rosenberg \\\"\" <sip:jdrosen@example.com;lr>;tag=98asjd8");
  ASSERT_TRUE(address.ok());
  const auto& a = address.value();
  EXPECT_EQ(a.display_name, "\"J Rosenberg \\\"\"");
  EXPECT_EQ(a.uri_text, "sip:jdrosen@example.com;lr");
  EXPECT_EQ(a.uri.params, ";lr") << "inside <> the parameter belongs to the URI";
  EXPECT_EQ(tag_of(a), "98asjd8");
}

TEST(NameAddrTest, AnAddrSpecsParametersBelongToTheHeader) {
  auto address = parse_name_addr("sip:user@example.com;unknownparam");
  ASSERT_TRUE(address.ok());
  EXPECT_EQ(address.value().uri_text, "sip:user@example.com");
  EXPECT_TRUE(address.value().uri.params.empty());
  ASSERT_EQ(address.value().params.size(), 1u);
  EXPECT_EQ(address.value().params[0].name, "unknownparam");
}

TEST(NameAddrTest, AcceptsNoSpaceBeforeTheAngleBracketAndTokenDisplayNames) {
  EXPECT_TRUE(parse_name_addr("\"caller\"<sip:caller@example.com>;tag=323").ok());
  EXPECT_TRUE(parse_name_addr("Bob Smith <sip:bob@example.com>").ok());
}

TEST(NameAddrTest, RefusesWhatRfc4475Refuses) {
  for (const char* text : {"\"Mr. J. User <sip:j.user@example.com>",                // quotbal
                           "Bell, Alexander <sip:a.g.bell@example.com>;tag=43",     // baddn
                           "sip:user@example.com?Route=%3Csip:sip.example.com%3E",  // regbadct
                           "\"Watson, Thomas\" < sip:t.watson@example.org >",       // badaspec
                           "<sip:user@example.com", ""}) {
    EXPECT_FALSE(parse_name_addr(text).ok()) << text;
  }
}

}  // namespace
}  // namespace tandem::sip
