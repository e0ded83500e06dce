#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace tandem {

/// Exponential backoff with jitter for reconnect loops: each delay doubles up to a ceiling,
/// and is drawn from [delay/2, delay] so that many clients do not retry in lockstep.
class Backoff {
 public:
  using Duration = std::chrono::milliseconds;

  Backoff(Duration initial, Duration ceiling, uint64_t seed = std::random_device{}());

  /// The delay to wait before the next attempt; grows after each call.
  Duration next();
  /// Back to the initial delay, after a success.
  void reset();

 private:
  Duration initial_;
  Duration ceiling_;
  Duration current_;
  std::mt19937_64 random_;
};

}  // namespace tandem
