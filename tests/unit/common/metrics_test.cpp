#include "libs/common/metrics.hpp"

#include <gtest/gtest.h>
#include <prometheus/counter.h>

#include <thread>
#include <vector>

namespace tandem {
namespace {

TEST(SeriesCache, CreatesEachSeriesOnceAndReturnsItAfterwards) {
  prometheus::Registry registry;
  auto& family = prometheus::BuildCounter().Name("test_total").Help("test").Register(registry);
  SeriesCache<prometheus::Counter> cache(2);
  int created = 0;
  const auto create = [&](std::string value) {
    return [&, value]() -> prometheus::Counter& {
      ++created;
      return family.Add({{"label", value}});
    };
  };
  cache.get(0, create("a")).Increment();
  cache.get(0, create("a")).Increment();
  cache.get(1, create("b")).Increment();
  EXPECT_EQ(created, 2);
  EXPECT_EQ(family.Add({{"label", "a"}}).Value(), 2);
  EXPECT_EQ(family.Add({{"label", "b"}}).Value(), 1);
}

TEST(SeriesCache, ThreadsRacingForOneSeriesShareIt) {
  prometheus::Registry registry;
  auto& family = prometheus::BuildCounter().Name("test_total").Help("test").Register(registry);
  SeriesCache<prometheus::Counter> cache(1);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        cache
            .get(
                0,
                [&]() -> auto& {
                  return family.Add({{"label", "x"}});
                })
            .Increment();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(family.Add({{"label", "x"}}).Value(), 4000);
}

}  // namespace
}  // namespace tandem
