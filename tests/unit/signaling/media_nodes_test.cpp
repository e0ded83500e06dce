#include "services/signaling/media_nodes.hpp"

#include <gtest/gtest.h>

namespace tandem::signaling {
namespace {

v1::Node node(double load, std::optional<int64_t> free_ports) {
  v1::Node out;
  out.set_load(load);
  if (free_ports) (*out.mutable_gauges())["free_ports"] = *free_ports;
  return out;
}

TEST(LeastLoadedTest, TakesTheLowestLoadWhenNothingWasPickedSince) {
  EXPECT_EQ(least_loaded({node(0.5, 100), node(0.2, 160), node(0.7, 60)}, {0, 0, 0}), 1u);
}

TEST(LeastLoadedTest, CountsTheCallsAnchoredSinceTheAnnouncement) {
  // Both have 1,000 ports; the first is at 10%, the second at 12%. After ten calls on the
  // first (20 ports, 2%) they are even; one more tips it to the second.
  const std::vector<v1::Node> nodes{node(0.10, 900), node(0.12, 880)};
  EXPECT_EQ(least_loaded(nodes, {9, 0}), 0u);
  EXPECT_EQ(least_loaded(nodes, {11, 0}), 1u);
}

TEST(LeastLoadedTest, ABurstIsSpreadOverTheNodes) {
  const std::vector<v1::Node> nodes{node(0.0, 1000), node(0.0, 1000), node(0.0, 1000)};
  std::vector<int64_t> picked(nodes.size(), 0);
  for (int call = 0; call < 300; ++call) ++picked[least_loaded(nodes, picked)];
  EXPECT_EQ(picked, (std::vector<int64_t>{100, 100, 100}));
}

TEST(LeastLoadedTest, ANodeThatSaysNotItsSizeCountsEachCallAsAThousandth) {
  EXPECT_EQ(least_loaded({node(0.100, std::nullopt), node(0.105, 500)}, {4, 0}), 0u);
  EXPECT_EQ(least_loaded({node(0.100, std::nullopt), node(0.105, 500)}, {6, 0}), 1u);
  EXPECT_EQ(least_loaded({node(1.0, 0), node(0.99, 10)}, {0, 0}), 1u) << "a full node";
}

}  // namespace
}  // namespace tandem::signaling
