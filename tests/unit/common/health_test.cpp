#include "libs/common/health.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tandem {
namespace {

TEST(HealthTest, ReadyUntilACheckFailsOrDrainingStarts) {
  Health health;
  std::optional<std::string> store_problem;
  health.add_readiness_check("store", [&] { return store_problem; });
  EXPECT_EQ(health.readyz().status, 200u);
  store_problem = "redis down";
  const auto response = health.readyz();
  EXPECT_EQ(response.status, 503u);
  EXPECT_THAT(response.body, ::testing::HasSubstr("store: redis down"));
  store_problem.reset();
  health.start_draining();
  EXPECT_EQ(health.readyz().status, 503u);
  EXPECT_EQ(health.healthz().status, 200u) << "draining is alive";
}

}  // namespace
}  // namespace tandem
