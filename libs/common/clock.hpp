#pragma once

#include <chrono>

namespace tandem {

/// The source of wall-clock time for everything that measures expiry or schedules work.
/// Production code takes a Clock& so that tests can move time instead of sleeping.
/// Implementations must be safe to call from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  /// The current wall-clock time.
  virtual std::chrono::system_clock::time_point now() const = 0;
};

/// The operating system's clock.
class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::now();
  }
};

/// Milliseconds since the Unix epoch, the unit stores keep timestamps in.
inline int64_t to_unix_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace tandem
