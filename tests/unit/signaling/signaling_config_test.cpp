#include "services/signaling/signaling_config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tandem::signaling {
namespace {

using ::testing::HasSubstr;

TEST(SignalingConfigTest, ReadsUsersFromYamlAndFromAVariable) {
  SignalingConfig config;
  ConfigSchema schema;
  describe_signaling_config(schema, config);
  EXPECT_TRUE(schema
                  .load_yaml("signaling:\n  users:\n    - {name: alice, password: a}\n"
                             "    - {name: carol, ha1_md5: abc}\n",
                             "t.yaml")
                  .empty());
  ASSERT_EQ(config.users.size(), 2u);
  EXPECT_EQ(config.users[1].ha1_md5, "abc");
  EXPECT_FALSE(schema.set("signaling.users", "[{name: dave, password: d}]", "env").has_value());
  ASSERT_EQ(config.users.size(), 1u);
  EXPECT_EQ(config.users[0].name, "dave");
}

TEST(SignalingConfigTest, ReadsTheDialplanAndNamesTheLineOfAProblem) {
  SignalingConfig config;
  ConfigSchema schema;
  describe_signaling_config(schema, config);
  EXPECT_TRUE(
      schema
          .load_yaml("signaling:\n  dialplan:\n    default:\n      \"600\": [Answer, Echo]\n",
                     "t.yaml")
          .empty());
  ASSERT_NE(config.dialplan, nullptr);
  ASSERT_NE(config.dialplan->find("default", "600"), nullptr);
  EXPECT_THAT(schema.find("signaling.dialplan")->show(), HasSubstr("Answer, Echo"))
      << "--print-config shows it";
  const auto errors = schema.load_yaml(
      "signaling:\n  dialplan:\n    default:\n      \"600\":\n        - Answer\n        - Dail\n",
      "t.yaml");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "signaling.dialplan");
  EXPECT_THAT(errors[0].message,
              ::testing::StartsWith("line 6: dialplan.default.600: unknown application 'Dail'"));
}

TEST(SignalingConfigTest, RefusesBadUsersAndAlgorithms) {
  SignalingConfig config;
  ConfigSchema schema;
  describe_signaling_config(schema, config);
  auto errors = schema.load_yaml("signaling:\n  users:\n    - {name: x}\n", "t.yaml");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("needs a password or an HA1"));
  errors = schema.load_yaml("signaling:\n  users:\n    - {name: x, pasword: y}\n", "t.yaml");
  EXPECT_THAT(errors.at(0).message, HasSubstr("unknown user field pasword"));
  config.algorithms = "SHA-256,SHA-512";
  const auto problems = validate_signaling_config(config);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("unknown algorithm \"SHA-512\""));
}

}  // namespace
}  // namespace tandem::signaling
