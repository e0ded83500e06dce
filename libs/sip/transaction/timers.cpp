#include "libs/sip/transaction/timers.hpp"

namespace tandem::sip {

const char* timer_name(TimerKind kind) {
  static constexpr const char* names[] = {"A", "B", "D", "E", "F", "G",
                                          "H", "I", "J", "K", "L", "M"};
  return names[static_cast<int>(kind)];
}

}  // namespace tandem::sip
