#include "services/signaling/dialplan/dialplan.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tandem::dialplan {
namespace {

using ::testing::HasSubstr;

Result<Dialplan> load(const std::string& yaml) {
  return Dialplan::parse(YAML::Load(yaml), "tandem.yaml");
}

TEST(DialplanTest, FindsExactExtensionsBeforePatternsAndTheMostSpecificPattern) {
  const auto plan = load(R"yaml(
default:
  _X.: [Hangup(UNALLOCATED_NUMBER)]
  "600": [Answer, Echo]
  _6XX: ["Dial(SIP/${EXTEN},30)"]
  _NXX: [Ringing, Wait(1.5), Hangup]
demo:
  _[1-5]XX: ["Goto(default,600,1)"]
)yaml");
  ASSERT_TRUE(plan.ok()) << plan.failure().message;
  EXPECT_EQ(plan.value().contexts(), 2u);
  const Extension* echo = plan.value().find("default", "600");
  ASSERT_NE(echo, nullptr);
  ASSERT_EQ(echo->steps.size(), 2u);
  EXPECT_EQ(echo->steps[0].application, "Answer");
  EXPECT_EQ(echo->steps[1].application, "Echo");
  EXPECT_EQ(echo->steps[0].line, 4);
  EXPECT_EQ(plan.value().find("default", "601")->pattern.text(), "_6XX");
  EXPECT_EQ(plan.value().find("default", "601")->steps[0].arguments, "SIP/${EXTEN},30");
  EXPECT_EQ(plan.value().find("default", "701")->pattern.text(), "_NXX");
  ASSERT_NE(plan.value().find("default", "1234"), nullptr);
  EXPECT_EQ(plan.value().find("default", "1234")->pattern.text(), "_X.");
  EXPECT_EQ(plan.value().find("default", "1"), nullptr) << "X. needs two characters";
  EXPECT_EQ(plan.value().find("default", "alice"), nullptr) << "X is a digit";
  EXPECT_EQ(plan.value().find("demo", "600"), nullptr);
  EXPECT_EQ(plan.value().find("nowhere", "600"), nullptr);
}

TEST(DialplanTest, ApplicationNamesAreCaseInsensitiveAndCanonical) {
  const auto plan = load("default: {\"1\": [answer(), ECHO, \"dial(SIP/bob)\"]}");
  ASSERT_TRUE(plan.ok()) << plan.failure().message;
  const auto& steps = plan.value().find("default", "1")->steps;
  EXPECT_EQ(steps[0].application, "Answer");
  EXPECT_EQ(steps[1].application, "Echo");
  EXPECT_EQ(steps[2].application, "Dial");
  EXPECT_EQ(steps[2].arguments, "SIP/bob");
}

TEST(DialplanTest, ProblemsNameTheFileLineExtensionAndReason) {
  const auto unknown = load("default:\n  \"600\":\n    - Answer\n    - Dail(SIP/bob)\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.failure().message,
              ::testing::StartsWith("tandem.yaml:4: dialplan.default.600: unknown application "
                                    "'Dail'"));
  EXPECT_THAT(unknown.failure().message, HasSubstr("Dial"));

  const auto expect_problem = [](const std::string& yaml, const std::string& reason) {
    const auto plan = load(yaml);
    ASSERT_FALSE(plan.ok()) << yaml;
    EXPECT_THAT(plan.failure().message, HasSubstr(reason)) << yaml;
  };
  expect_problem("default: {\"1\": [Wait(soon)]}", "needs a number of seconds");
  expect_problem("default: {\"1\": [Set(novalue)]}", "needs a name and '='");
  expect_problem("default: {\"1\": [Dial(alice)]}", "is not technology/resource");
  expect_problem("default: {\"1\": [\"Dial(SIP/a,thirty)\"]}", "whole seconds");
  expect_problem("default: {\"1\": [Dial()]}", "needs a target");
  expect_problem("default: {\"1\": [AudioSocket(localhost)]}", "needs host:port");
  expect_problem("default: {\"1\": [Stasis()]}", "needs an application name");
  expect_problem("default: {\"1\": [Hangup(BUSYISH)]}", "is not a cause");
  expect_problem("default: {\"1\": [\"Goto(elsewhere,1,1)\"]}", "there is no context 'elsewhere'");
  expect_problem("default: {\"1\": [\"Goto(a,b,c,d)\"]}", "Goto needs");
  expect_problem("default: {\"1\": [\"Goto(1,x)\"]}", "priority must be a number");
  expect_problem("default: {\"1\": [Answer(]}", "must end with ')'");
  expect_problem("default: {\"_1[2\": [Answer]}", "never closed");
  expect_problem("default: {\"1\": []}", "needs a priority");
  expect_problem("default: [Answer]", "a context must map extensions");
  expect_problem("[default]", "must map context names");
}

TEST(DialplanTest, VariablesAreCheckedWhenTheyRunNotAtLoad) {
  const auto plan = load(R"yaml(
default:
  _X.: ["Wait(${DELAY})", "Hangup(${CAUSE})", "Dial(${TARGET},${TIMEOUT})", "Goto(${CTX},s,1)"]
)yaml");
  EXPECT_TRUE(plan.ok()) << plan.failure().message;
}

}  // namespace
}  // namespace tandem::dialplan
