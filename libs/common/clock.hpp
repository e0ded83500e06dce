#pragma once

#include <chrono>

namespace tandem {

/// The source of time for everything that measures expiry or schedules work. Production
/// code takes a Clock& so that tests can move time instead of sleeping. Implementations
/// must be safe to call from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  /// Wall-clock time: what expiry timestamps are measured in.
  virtual std::chrono::system_clock::time_point now() const = 0;
  /// Monotonic time: what timers (SIP transactions, pacing) are measured in.
  virtual std::chrono::steady_clock::time_point monotonic_now() const = 0;
};

/// The operating system's clocks.
class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::now();
  }
  std::chrono::steady_clock::time_point monotonic_now() const override {
    return std::chrono::steady_clock::now();
  }
};

/// Milliseconds since the Unix epoch, the unit stores keep timestamps in.
inline int64_t to_unix_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace tandem
