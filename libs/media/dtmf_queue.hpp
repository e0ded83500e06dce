#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string_view>

#include "libs/media/telephone_event.hpp"

namespace tandem::media {

/// Digits waiting to go out as RFC 4733 events: one packet per packet interval (the
/// caller's tick), each digit's packets from a TelephoneEventSender, and a pause of a few
/// intervals between digits so that the far end sees separate presses.
class DtmfQueue {
 public:
  static constexpr int kPauseIntervals = 3;  // 60 ms at 20 ms packets

  /// Queues digits ('0'-'9', '*', '#', 'A'-'D'), each held `duration` timestamp units.
  /// Refuses the whole string, queueing nothing, if any character is not a key.
  bool add(std::string_view digits, uint32_t duration);

  /// The packet for this interval, or nothing (idle, or pausing between digits).
  /// `timestamp_now` is the stream's RTP clock now: a digit starting on this interval
  /// takes it as its event timestamp.
  std::optional<TelephoneEventPacket> next(uint32_t timestamp_now);

  bool busy() const { return sender_.has_value() || pause_ > 0 || !digits_.empty(); }

 private:
  struct Digit {
    uint8_t event;
    uint32_t duration;
  };
  std::deque<Digit> digits_;
  std::optional<TelephoneEventSender> sender_;
  int pause_ = 0;
};

}  // namespace tandem::media
