#include "services/signaling/dialplan/extension_pattern.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tandem::dialplan {
namespace {

ExtensionPattern pattern(std::string_view text) {
  auto parsed = ExtensionPattern::parse(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.failure().message;
  return parsed.value();
}

TEST(ExtensionPatternTest, LiteralsMatchThemselvesOnly) {
  const auto alice = pattern("alice");
  EXPECT_TRUE(alice.literal());
  EXPECT_TRUE(alice.matches("alice"));
  EXPECT_FALSE(alice.matches("alice2"));
  EXPECT_FALSE(alice.matches("Alice"));
  EXPECT_TRUE(pattern("600").matches("600"));
}

TEST(ExtensionPatternTest, XZNAndSetsTakeOneCharacterEach) {
  const auto nanp = pattern("_NXXNXXXXXX");
  EXPECT_TRUE(nanp.matches("2125551234"));
  EXPECT_FALSE(nanp.matches("1125551234")) << "N is 2-9";
  EXPECT_FALSE(nanp.matches("2121551234")) << "the fourth digit is N";
  EXPECT_FALSE(nanp.matches("212555123")) << "one short";
  EXPECT_FALSE(nanp.matches("21255512345")) << "one long";
  const auto range = pattern("_[1-5]XX");
  EXPECT_TRUE(range.matches("100"));
  EXPECT_TRUE(range.matches("599"));
  EXPECT_FALSE(range.matches("600"));
  EXPECT_TRUE(pattern("_Z").matches("1"));
  EXPECT_FALSE(pattern("_Z").matches("0"));
  EXPECT_TRUE(pattern("_[a-c7]").matches("b"));
  EXPECT_TRUE(pattern("_[a-c7]").matches("7"));
  EXPECT_TRUE(pattern("_x").matches("5")) << "pattern letters are case-insensitive";
}

TEST(ExtensionPatternTest, DotNeedsOneMoreAndBangNeedsNone) {
  const auto dot = pattern("_9.");
  EXPECT_TRUE(dot.matches("91"));
  EXPECT_TRUE(dot.matches("9123456"));
  EXPECT_FALSE(dot.matches("9")) << "'.' is one or more";
  const auto bang = pattern("_9!");
  EXPECT_TRUE(bang.matches("9"));
  EXPECT_TRUE(bang.matches("95"));
  EXPECT_TRUE(pattern("_X.").matches("1alice")) << "after X, '.' takes anything";
  EXPECT_FALSE(pattern("_X.").matches("alice1")) << "X is a digit";
}

TEST(ExtensionPatternTest, BadPatternsAreRefusedWithTheReason) {
  EXPECT_THAT(ExtensionPattern::parse("_1[23").failure().message,
              ::testing::HasSubstr("never closed"));
  EXPECT_THAT(ExtensionPattern::parse("_1[]").failure().message,
              ::testing::HasSubstr("matches nothing"));
  EXPECT_THAT(ExtensionPattern::parse("_9.1").failure().message,
              ::testing::HasSubstr("last character"));
  EXPECT_FALSE(ExtensionPattern::parse("_").ok());
  EXPECT_FALSE(ExtensionPattern::parse("").ok());
}

TEST(ExtensionPatternTest, TheMoreSpecificPatternWinsAsInAsterisk) {
  EXPECT_TRUE(pattern("600").more_specific_than(pattern("_6XX")));
  EXPECT_TRUE(pattern("_6XX").more_specific_than(pattern("_NXX")));
  EXPECT_TRUE(pattern("_NXX").more_specific_than(pattern("_XXX")));
  EXPECT_TRUE(pattern("_[1-5]XX").more_specific_than(pattern("_XXX")));
  EXPECT_TRUE(pattern("_XXX").more_specific_than(pattern("_X.")));
  EXPECT_TRUE(pattern("_X.").more_specific_than(pattern("_!")));
  EXPECT_FALSE(pattern("_X.").more_specific_than(pattern("_XXX")));
}

}  // namespace
}  // namespace tandem::dialplan
