#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "libs/common/result.hpp"

namespace tandem::media {

/// Why a datagram on an RTP port is not a packet worth forwarding. Each has a metric label.
enum class RtpFault : uint8_t {
  too_short,          // fewer than 12 bytes
  bad_version,        // V is not 2
  csrc_overrun,       // the CSRC list runs past the end
  extension_overrun,  // the header extension runs past the end
  bad_padding,        // P set, but the count is 0 or larger than the payload
};

/// The label of a fault in metrics and logs ("too_short", ...).
std::string_view fault_label(RtpFault fault);

/// The fixed header of an RTP packet (RFC 3550 5.1) and where its payload lies.
struct RtpHeader {
  bool marker = false;
  uint8_t payload_type = 0;
  uint16_t sequence = 0;
  uint32_t timestamp = 0;
  uint32_t ssrc = 0;
  /// Bytes before the payload: 12, the CSRCs, the extension.
  size_t header_bytes = 0;
  /// Payload bytes, padding excluded.
  size_t payload_bytes = 0;
};

/// Reads and checks an RTP packet: version 2, CSRC list, extension and padding all inside
/// the datagram. Nothing else is assumed about the payload.
Result<RtpHeader, RtpFault> parse_rtp(std::span<const uint8_t> packet);

/// RFC 5761 4: on a multiplexed port, a second byte of 192..223 (a payload type of 64..95
/// with the marker bit) is RTCP; RTP must not use those payload types.
bool is_rtcp(std::span<const uint8_t> packet);

/// Writes a 12-byte RTP header with no CSRCs, extension or padding into `out`; returns 12.
size_t write_rtp_header(std::span<uint8_t> out, const RtpHeader& header);

/// Rewrites marker, sequence, timestamp and SSRC of a packet in place (payload type and
/// everything after byte 12 untouched): what a relay does to keep an outgoing stream
/// continuous when its source changes.
void rewrite_rtp_header(std::span<uint8_t> packet, bool marker, uint16_t sequence,
                        uint32_t timestamp, uint32_t ssrc);

}  // namespace tandem::media
