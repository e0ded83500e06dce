#include "services/signaling/dialplan/variables.hpp"

#include <gtest/gtest.h>

#include <map>

namespace tandem::dialplan {
namespace {

std::string run(std::string_view text) {
  const std::map<std::string, std::string, std::less<>> values = {{"EXTEN", "15551234"},
                                                                  {"CALLERID(num)", "alice"},
                                                                  {"PREFIX", "OUT"},
                                                                  {"OUT_NUMBER", "9"},
                                                                  {"EMPTY", ""}};
  return substitute(text, [&](std::string_view name) -> std::optional<std::string> {
    const auto found = values.find(name);
    if (found == values.end()) return std::nullopt;
    return found->second;
  });
}

TEST(VariablesTest, ReplacesNamesAndFunctionLikeNames) {
  EXPECT_EQ(run("SIP/${EXTEN}"), "SIP/15551234");
  EXPECT_EQ(run("from ${CALLERID(num)} to ${EXTEN}"), "from alice to 15551234");
  EXPECT_EQ(run("no variables"), "no variables");
}

TEST(VariablesTest, UnsetIsEmpty) {
  EXPECT_EQ(run("[${NOPE}]"), "[]");
  EXPECT_EQ(run("[${EMPTY}]"), "[]");
}

TEST(VariablesTest, SlicesLikeAsterisk) {
  EXPECT_EQ(run("${EXTEN:1}"), "5551234");
  EXPECT_EQ(run("${EXTEN:0:4}"), "1555");
  EXPECT_EQ(run("${EXTEN:-4}"), "1234");
  EXPECT_EQ(run("${EXTEN:1:-4}"), "555");
  EXPECT_EQ(run("${EXTEN:40}"), "");
}

TEST(VariablesTest, NamesMayHoldVariables) { EXPECT_EQ(run("${${PREFIX}_NUMBER}"), "9"); }

TEST(VariablesTest, WhatIsNotAVariableStaysAsWritten) {
  EXPECT_EQ(run("cost $5"), "cost $5");
  EXPECT_EQ(run("open ${EXTEN"), "open ${EXTEN");
  EXPECT_EQ(run("$"), "$");
}

}  // namespace
}  // namespace tandem::dialplan
