#pragma once

#include <cstdint>

namespace tandem::media {

/// What a receiver knows of one RTP source (RFC 3550): sequence validation with extended
/// sequence numbers and loss (appendix A.1, A.3) and interarrival jitter (A.8). The numbers
/// a receiver report carries, and what GetStats shows.
class ReceptionStats {
 public:
  /// One packet. `arrival` is the arrival time in units of the payload's RTP clock (8000 per
  /// second for G.711), from any origin. False while the source is on probation or after a
  /// jump too large to trust: then the packet is not counted.
  bool on_packet(uint16_t sequence, uint32_t rtp_timestamp, uint32_t arrival);

  /// Packets counted, and how many the sequence numbers say were sent.
  uint64_t received() const { return received_; }
  uint64_t expected() const;
  /// expected() - received(): negative when duplicates arrived.
  int64_t lost() const {
    return static_cast<int64_t>(expected()) - static_cast<int64_t>(received_);
  }
  /// Cycles in the high 16 bits, the highest sequence number in the low (for reports).
  uint32_t extended_highest() const { return cycles_ + max_sequence_; }
  /// Interarrival jitter in RTP timestamp units.
  uint32_t jitter() const { return jitter_scaled_ >> 4; }
  /// The fraction lost since the previous call, in 1/256 (A.3); 0 when nothing was lost.
  uint8_t take_fraction_lost();

 private:
  static constexpr uint32_t kSequenceMod = 1u << 16;
  static constexpr uint16_t kMaxDropout = 3000;
  static constexpr uint16_t kMaxMisorder = 100;
  static constexpr int kMinSequential = 2;

  void restart(uint16_t sequence);
  void update_jitter(uint32_t rtp_timestamp, uint32_t arrival);

  bool started_ = false;
  int probation_ = kMinSequential;
  uint16_t max_sequence_ = 0;
  uint32_t cycles_ = 0;
  uint32_t base_sequence_ = 0;
  uint32_t bad_sequence_ = kSequenceMod + 1;
  uint64_t received_ = 0;
  uint64_t expected_prior_ = 0;
  uint64_t received_prior_ = 0;
  bool have_transit_ = false;
  uint32_t transit_ = 0;
  uint32_t jitter_scaled_ = 0;  // jitter * 16, as A.8's integer version keeps it
};

}  // namespace tandem::media
