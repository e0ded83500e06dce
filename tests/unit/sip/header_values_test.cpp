#include "libs/sip/header_values.hpp"

#include <gtest/gtest.h>

namespace tandem::sip {
namespace {

TEST(HeaderValuesTest, SplitsOnCommasOutsideQuotesAndAngles) {
  auto values = split_values("\"a, b\" <sip:x@y;p=1,2>, <sip:z@w>");
  ASSERT_TRUE(values.ok());
  ASSERT_EQ(values.value().size(), 2u);
  EXPECT_EQ(values.value()[1], "<sip:z@w>");
  EXPECT_FALSE(split_values("a,,b").ok());
  EXPECT_FALSE(split_values("\"open").ok());
  EXPECT_FALSE(split_values("<sip:x").ok());
}

TEST(HeaderValuesTest, ParsesParametersWithSpacesQuotesAndNoValues) {
  auto params = parse_params(" ; tag = 1 ;lr; name=\"a;b\"");
  ASSERT_TRUE(params.ok());
  ASSERT_EQ(params.value().size(), 3u);
  EXPECT_EQ(params.value()[0].value, "1");
  EXPECT_FALSE(params.value()[1].has_value);
  EXPECT_EQ(unquote(find_param(params.value(), "NAME")->value), "a;b");
  EXPECT_FALSE(parse_params(";;").ok());
  EXPECT_FALSE(parse_params("x").ok());
}

}  // namespace
}  // namespace tandem::sip
