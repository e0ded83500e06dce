#include "libs/common/config_schema.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tandem {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

struct Sample {
  std::string name = "default";
  std::string mode = "fast";
  std::string listen = "127.0.0.1:1";
  std::string secret;
  bool enabled = false;
  int64_t count = 5;
  milliseconds interval{1000};
};

class ConfigSchemaTest : public ::testing::Test {
 protected:
  ConfigSchemaTest() {
    schema.add_string("server.name", "a name", &sample.name);
    schema.add_choice("server.mode", "a mode", &sample.mode, {"fast", "slow"});
    schema.add_host_port("server.listen", "where", &sample.listen);
    schema.add_secret("server.secret", "hidden", &sample.secret);
    schema.add_bool("feature.enabled", "on or off", &sample.enabled);
    schema.add_int("feature.count", "how many", &sample.count, 1, 10);
    schema.add_duration("feature.interval", "how often", &sample.interval, milliseconds{10},
                        milliseconds{60'000});
  }
  Sample sample;
  ConfigSchema schema;
};

TEST_F(ConfigSchemaTest, LoadsEveryKindOfValueFromYaml) {
  const auto errors = schema.load_yaml(R"(
server:
  name: edge-1
  mode: slow
  listen: "[::1]:5060"
feature:
  enabled: yes
  count: 7
  interval: 250ms
)",
                                       "test.yaml");
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(sample.name, "edge-1");
  EXPECT_EQ(sample.mode, "slow");
  EXPECT_EQ(sample.listen, "[::1]:5060");
  EXPECT_TRUE(sample.enabled);
  EXPECT_EQ(sample.count, 7);
  EXPECT_EQ(sample.interval, milliseconds{250});
}

TEST_F(ConfigSchemaTest, ReportsUnknownKeysWithLineAndSuggestion) {
  const auto errors = schema.load_yaml("server:\n  nmae: x\n", "test.yaml");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].where, "test.yaml:2:3");
  EXPECT_EQ(errors[0].path, "server.nmae");
  EXPECT_THAT(errors[0].message, HasSubstr("did you mean server.name?"));
}

TEST_F(ConfigSchemaTest, ReportsEveryBadValueNamingTheKey) {
  const auto errors = schema.load_yaml(
      "feature:\n  count: 11\n  interval: 5\n  enabled: maybe\nserver:\n  mode: medium\n"
      "  listen: nowhere\n",
      "test.yaml");
  ASSERT_EQ(errors.size(), 5u);
  EXPECT_EQ(errors[0].path, "feature.count");
  EXPECT_THAT(errors[0].message, HasSubstr("from 1 to 10"));
  EXPECT_EQ(errors[1].path, "feature.interval");
  EXPECT_THAT(errors[1].message, HasSubstr("units ms, s, m, h"));
  EXPECT_EQ(errors[2].path, "feature.enabled");
  EXPECT_EQ(errors[3].path, "server.mode");
  EXPECT_THAT(errors[3].message, HasSubstr("one of fast, slow"));
  EXPECT_EQ(errors[4].path, "server.listen");
  EXPECT_EQ(sample.count, 5) << "a refused value leaves the default";
}

TEST_F(ConfigSchemaTest, RefusesStructureWhereAValueBelongsAndTheReverse) {
  const auto errors = schema.load_yaml("server: 5\nfeature:\n  count: [1, 2]\n", "t.yaml");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].path, "server");
  EXPECT_EQ(errors[1].path, "feature.count");
  EXPECT_THAT(errors[1].message, HasSubstr("got a list"));
}

TEST_F(ConfigSchemaTest, EmptySectionKeepsDefaultsButEmptyValueIsAnError) {
  EXPECT_TRUE(schema.load_yaml("server:\n  # name: x\n", "t.yaml").empty());
  const auto errors = schema.load_yaml("server:\n  name:\n", "t.yaml");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("has no value"));
}

TEST_F(ConfigSchemaTest, ReportsYamlSyntaxErrorsWithPosition) {
  const auto errors = schema.load_yaml("server: [unclosed\n", "broken.yaml");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].where, HasSubstr("broken.yaml:"));
  EXPECT_THAT(errors[0].message, HasSubstr("not valid YAML"));
}

TEST_F(ConfigSchemaTest, EnvironmentNamesDeriveFromKeys) {
  EXPECT_EQ(ConfigSchema::environment_name("registry.redis.address"),
            "TANDEM_REGISTRY_REDIS_ADDRESS");
}

TEST_F(ConfigSchemaTest, LoadsEnvironmentAndListsUnknownTandemVariables) {
  std::string a = "TANDEM_FEATURE_COUNT=3", b = "TANDEM_PORT=tcp://10.0.0.1:50051",
              c = "HOME=/root", d = "TANDEM_SERVER_MODE=turbo";
  char* environment[] = {a.data(), b.data(), c.data(), d.data(), nullptr};
  std::vector<std::string> unknown;
  const auto errors = schema.load_environment(environment, &unknown);
  EXPECT_EQ(sample.count, 3);
  EXPECT_EQ(unknown, std::vector<std::string>{"TANDEM_PORT"});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].where, "environment TANDEM_SERVER_MODE");
  EXPECT_EQ(errors[0].path, "server.mode");
}

TEST_F(ConfigSchemaTest, SetRefusesUnknownKeys) {
  auto error = schema.set("feature.cont", "1", "flag --feature.cont");
  ASSERT_TRUE(error.has_value());
  EXPECT_THAT(error->to_string(), HasSubstr("did you mean feature.count?"));
  EXPECT_FALSE(schema.set("feature.count", "2", "flag").has_value());
  EXPECT_EQ(sample.count, 2);
}

TEST_F(ConfigSchemaTest, PrintedConfigurationLoadsBackToTheSameValuesAndHidesSecrets) {
  sample.secret = "hunter2";
  ASSERT_FALSE(schema.set("feature.interval", "45s", "flag").has_value());
  const std::string printed = schema.to_yaml();
  EXPECT_THAT(printed, HasSubstr("interval: 45s"));
  EXPECT_THAT(printed, ::testing::Not(HasSubstr("hunter2")));

  Sample copy;
  ConfigSchema other;
  other.add_string("server.name", "", &copy.name);
  other.add_choice("server.mode", "", &copy.mode, {"fast", "slow"});
  other.add_host_port("server.listen", "", &copy.listen);
  other.add_string("server.secret", "", &copy.secret);
  other.add_bool("feature.enabled", "", &copy.enabled);
  other.add_int("feature.count", "", &copy.count, 1, 10);
  other.add_duration("feature.interval", "", &copy.interval, milliseconds{10},
                     milliseconds{60'000});
  EXPECT_TRUE(other.load_yaml(printed, "printed").empty());
  EXPECT_EQ(copy.interval, std::chrono::seconds{45});
  EXPECT_EQ(copy.listen, sample.listen);
}

}  // namespace
}  // namespace tandem
