#include "libs/sip/contact.hpp"

#include <gtest/gtest.h>

namespace tandem::sip {
namespace {

TEST(ContactTest, ReadsEveryContactAcrossLinesWithTheirParameters) {
  auto list = parse_contacts(
      {"<sip:a@h1>;expires=60;q=0.7, <sip:a@h2;ob>;+sip.instance=\"<urn:uuid:1>\";reg-id=2",
       "sip:a@h3;expires=99999999999"});
  ASSERT_TRUE(list.ok());
  const auto& contacts = list.value().contacts;
  ASSERT_EQ(contacts.size(), 3u);
  EXPECT_EQ(contacts[0].expires, 60u);
  EXPECT_DOUBLE_EQ(*contacts[0].q, 0.7);
  EXPECT_EQ(contacts[1].instance, "<urn:uuid:1>");
  EXPECT_EQ(contacts[1].reg_id, 2u);
  EXPECT_FALSE(contacts[2].expires.has_value())
      << "an unreadable expires falls back to the default";
}

TEST(ContactTest, WildcardMustStandAlone) {
  auto star = parse_contacts({"*"});
  ASSERT_TRUE(star.ok());
  EXPECT_TRUE(star.value().wildcard);
  EXPECT_FALSE(parse_contacts({"*, <sip:a@h>"}).ok());
}

TEST(ContactTest, RefusesBadQAndRegId) {
  EXPECT_FALSE(parse_contacts({"<sip:a@h>;q=1.5"}).ok());
  EXPECT_FALSE(parse_contacts({"<sip:a@h>;q=x"}).ok());
  EXPECT_FALSE(parse_contacts({"<sip:a@h>;reg-id=0"}).ok());
}

}  // namespace
}  // namespace tandem::sip
