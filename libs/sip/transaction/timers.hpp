#pragma once

#include <chrono>
#include <cstdint>

namespace tandem::sip {

/// RFC 3261 17 timer values; T1, T2 and T4 are configurable, the rest derive from them.
struct TimerConfig {
  std::chrono::milliseconds t1{500};
  std::chrono::milliseconds t2{4000};
  std::chrono::milliseconds t4{5000};

  std::chrono::milliseconds timeout() const { return 64 * t1; }  // B, F, H, J, L, M
};

/// The timers of RFC 3261 17 (A to K) and RFC 6026 (L, M).
enum class TimerKind : uint8_t { A, B, D, E, F, G, H, I, J, K, L, M };

const char* timer_name(TimerKind kind);

}  // namespace tandem::sip
