#include "libs/common/backoff.hpp"

#include <gtest/gtest.h>

namespace tandem {
namespace {

using std::chrono::milliseconds;

TEST(BackoffTest, DoublesWithJitterUpToTheCeilingAndResets) {
  Backoff backoff(milliseconds{100}, milliseconds{1000}, 42);
  const milliseconds expected_full[] = {milliseconds{100}, milliseconds{200},  milliseconds{400},
                                        milliseconds{800}, milliseconds{1000}, milliseconds{1000}};
  for (auto full : expected_full) {
    const auto delay = backoff.next();
    EXPECT_GE(delay, full / 2);
    EXPECT_LE(delay, full);
  }
  backoff.reset();
  EXPECT_LE(backoff.next(), milliseconds{100});
}

TEST(BackoffTest, NeverWaitsZero) {
  Backoff backoff(milliseconds{0}, milliseconds{0}, 1);
  EXPECT_GE(backoff.next(), milliseconds{0});
  EXPECT_LE(backoff.next(), milliseconds{1});
}

}  // namespace
}  // namespace tandem
