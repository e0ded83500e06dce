#pragma once

#include <atomic>

#include "libs/common/clock.hpp"

namespace tandem::testing {

/// A clock that moves only when a test says so; wall and monotonic time move together.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::chrono::system_clock::time_point start =
                           std::chrono::system_clock::time_point{
                               std::chrono::seconds{1'700'000'000}})
      : now_ms_(to_unix_ms(start)) {}

  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::time_point{std::chrono::milliseconds{now_ms_.load()}};
  }
  std::chrono::steady_clock::time_point monotonic_now() const override {
    return std::chrono::steady_clock::time_point{std::chrono::milliseconds{now_ms_.load()}};
  }
  void advance(std::chrono::milliseconds by) { now_ms_ += by.count(); }

 private:
  std::atomic<int64_t> now_ms_;
};

}  // namespace tandem::testing
