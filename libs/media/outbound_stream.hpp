#pragma once

#include <cstdint>
#include <optional>

namespace tandem::media {

/// What goes into the header of a relayed packet.
struct OutboundHeader {
  uint32_t ssrc = 0;
  uint16_t sequence = 0;
  uint32_t timestamp = 0;
  bool marker = false;
};

/// Keeps the stream a relay sends toward one peer continuous when its source changes
/// (protocols.md 6.5; re-anchoring, a new SSRC, a sender that restarted). The first source
/// passes unchanged: same SSRC, sequence numbers and timestamps. From the first change on,
/// the SSRC stays the first one and sequence numbers and timestamps carry on from where
/// they were: out = in + offset, the offsets set when the change is seen so that the first
/// packet of the new source follows the last one sent, by the wall-clock time between
/// them; its marker is set. Gaps and reordering within one source are kept as they are.
class OutboundStream {
 public:
  /// `now` is the arrival time in RTP clock units from any fixed origin; `frame` is the
  /// smallest timestamp step to put between two sources (160: 20 ms at 8 kHz).
  OutboundHeader relay(uint32_t ssrc, uint16_t sequence, uint32_t timestamp, bool marker,
                       uint32_t now, uint32_t frame = 160);
  /// Whether the stream has changed source at least once: from then on, the sources'
  /// own RTCP describes numbers the far end never sees.
  bool rebased() const { return rebased_; }

 private:
  static constexpr uint16_t kMaxDropout = 3000;

  bool is_new_source(uint32_t ssrc, uint16_t sequence) const;
  void rebase(uint16_t sequence, uint32_t timestamp, uint32_t now, uint32_t frame);

  bool started_ = false;
  bool rebased_ = false;
  uint32_t out_ssrc_ = 0;
  uint32_t source_ = 0;
  uint16_t last_in_sequence_ = 0;
  uint16_t sequence_offset_ = 0;
  uint32_t timestamp_offset_ = 0;
  uint16_t last_out_sequence_ = 0;
  uint32_t last_out_timestamp_ = 0;
  uint32_t last_arrival_ = 0;
};

}  // namespace tandem::media
