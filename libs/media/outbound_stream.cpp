#include "libs/media/outbound_stream.hpp"

#include <algorithm>

namespace tandem::media {
namespace {

/// Whether a is after b in sequence-number space (RFC 1982 serial arithmetic).
bool after(uint16_t a, uint16_t b) { return static_cast<int16_t>(a - b) > 0; }

}  // namespace

OutboundHeader OutboundStream::relay(uint32_t ssrc, uint16_t sequence, uint32_t timestamp,
                                     bool marker, uint32_t now, uint32_t frame) {
  bool changed = false;
  if (!started_) {
    started_ = true;
    out_ssrc_ = ssrc;
    source_ = ssrc;
    last_out_sequence_ = static_cast<uint16_t>(sequence - 1);
    last_out_timestamp_ = timestamp;
  } else if (is_new_source(ssrc, sequence)) {
    rebase(sequence, timestamp, now, frame);
    source_ = ssrc;
    changed = true;
    rebased_ = true;
  }
  OutboundHeader out;
  out.ssrc = out_ssrc_;
  out.sequence = static_cast<uint16_t>(sequence + sequence_offset_);
  out.timestamp = timestamp + timestamp_offset_;
  out.marker = marker || changed;
  if (after(out.sequence, last_out_sequence_)) {
    last_out_sequence_ = out.sequence;
    last_out_timestamp_ = out.timestamp;
    last_in_sequence_ = sequence;
    last_arrival_ = now;
  }
  return out;
}

bool OutboundStream::is_new_source(uint32_t ssrc, uint16_t sequence) const {
  if (ssrc != source_) return true;
  // The same SSRC jumping far in either direction: its sender restarted.
  const auto ahead = static_cast<uint16_t>(sequence - last_in_sequence_);
  const auto behind = static_cast<uint16_t>(last_in_sequence_ - sequence);
  return std::min(ahead, behind) >= kMaxDropout;
}

void OutboundStream::rebase(uint16_t sequence, uint32_t timestamp, uint32_t now, uint32_t frame) {
  const uint16_t next_sequence = static_cast<uint16_t>(last_out_sequence_ + 1);
  const uint32_t elapsed = std::max(now - last_arrival_, frame);
  sequence_offset_ = static_cast<uint16_t>(next_sequence - sequence);
  timestamp_offset_ = last_out_timestamp_ + elapsed - timestamp;
}

}  // namespace tandem::media
