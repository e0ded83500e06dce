#include "libs/sip/chars.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tandem::sip {
namespace {

TEST(CharsTest, FindAnyOfAgreesWithACharacterByCharacterSearch) {
  // Every position of a delimiter in strings long enough to take both the eight-byte and
  // the byte-wise path, with bytes above 0x7f around it (they must not be mistaken).
  for (size_t length = 0; length < 40; ++length) {
    for (size_t at = 0; at <= length; ++at) {
      for (char delimiter : {',', '"', '<', '>'}) {
        std::string text(length, '\xff');
        for (size_t i = 0; i < length; i += 3) text[i] = 'a';
        if (at < length) text[at] = delimiter;
        for (size_t from = 0; from <= length; ++from) {
          EXPECT_EQ(chars::find_any_of(text, from, ',', '"', '<', '>'),
                    std::string_view(text).find_first_of(",\"<>", from))
              << "length " << length << " at " << at << " from " << from;
        }
      }
    }
  }
}

TEST(CharsTest, FindAnyOfFindsTheFirstOfSeveral) {
  const std::string text = "0123456789abcdef>ghij,k";
  EXPECT_EQ(chars::find_any_of(text, 0, ',', '"', '<', '>'), 16u);
  EXPECT_EQ(chars::find_any_of(text, 17, ',', '"', '<', '>'), 21u);
  EXPECT_EQ(chars::find_any_of("", 0, ',', '"', '<', '>'), std::string_view::npos);
}

}  // namespace
}  // namespace tandem::sip
