#pragma once

#include <cstdint>
#include <span>

namespace tandem::media {

/// Whether a datagram is a well-formed compound RTCP packet (RFC 3550 6.1): every packet
/// version 2 with a length that stays inside the datagram, the lengths adding up to it
/// exactly, and the first packet a sender or receiver report (RFC 5506 reduced-size RTCP
/// aside). What a relay checks before forwarding RTCP.
bool is_valid_rtcp(std::span<const uint8_t> datagram);

/// The SSRC of the packet sender of a compound RTCP packet's first report.
uint32_t rtcp_sender_ssrc(std::span<const uint8_t> datagram);

}  // namespace tandem::media
