#include "libs/media/reception_stats.hpp"

namespace tandem::media {

bool ReceptionStats::on_packet(uint16_t sequence, uint32_t rtp_timestamp, uint32_t arrival) {
  if (!started_) {
    started_ = true;
    max_sequence_ = static_cast<uint16_t>(sequence - 1);
  }
  const auto delta = static_cast<uint16_t>(sequence - max_sequence_);
  if (probation_ > 0) {
    // A.1: a source is valid once kMinSequential packets came in sequence.
    if (sequence != static_cast<uint16_t>(max_sequence_ + 1)) {
      probation_ = kMinSequential - 1;
      max_sequence_ = sequence;
      return false;
    }
    max_sequence_ = sequence;
    if (--probation_ > 0) return false;
    restart(sequence);
  } else if (delta < kMaxDropout) {
    if (sequence < max_sequence_) cycles_ += kSequenceMod;  // wrapped
    max_sequence_ = sequence;
  } else if (delta <= kSequenceMod - kMaxMisorder) {
    // A large jump: believed only when the next packet follows it (the sender restarted).
    if (sequence != bad_sequence_) {
      bad_sequence_ = (sequence + 1u) & (kSequenceMod - 1);
      return false;
    }
    restart(sequence);
  }
  // Otherwise a duplicate or a reordered packet: counted, the maximum unchanged.
  ++received_;
  update_jitter(rtp_timestamp, arrival);
  return true;
}

void ReceptionStats::restart(uint16_t sequence) {
  base_sequence_ = sequence;
  max_sequence_ = sequence;
  bad_sequence_ = kSequenceMod + 1;
  cycles_ = 0;
  received_ = 0;
  received_prior_ = 0;
  expected_prior_ = 0;
  have_transit_ = false;
}

void ReceptionStats::update_jitter(uint32_t rtp_timestamp, uint32_t arrival) {
  // A.8: D is the change in transit time; J += (|D| - J) / 16, kept scaled by 16.
  const uint32_t transit = arrival - rtp_timestamp;
  if (have_transit_) {
    const auto d = static_cast<int32_t>(transit - transit_);
    const auto magnitude = static_cast<uint32_t>(d < 0 ? -static_cast<int64_t>(d) : d);
    jitter_scaled_ += magnitude - ((jitter_scaled_ + 8) >> 4);
  }
  transit_ = transit;
  have_transit_ = true;
}

uint64_t ReceptionStats::expected() const {
  if (probation_ > 0) return 0;
  return static_cast<uint64_t>(extended_highest()) - base_sequence_ + 1;
}

uint8_t ReceptionStats::take_fraction_lost() {
  const uint64_t expected_now = expected();
  const uint64_t expected_interval = expected_now - expected_prior_;
  const uint64_t received_interval = received_ - received_prior_;
  expected_prior_ = expected_now;
  received_prior_ = received_;
  if (expected_interval == 0 || received_interval >= expected_interval) return 0;
  return static_cast<uint8_t>(((expected_interval - received_interval) << 8) / expected_interval);
}

}  // namespace tandem::media
