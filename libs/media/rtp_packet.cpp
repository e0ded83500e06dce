#include "libs/media/rtp_packet.hpp"

#include "libs/media/byte_order.hpp"

namespace tandem::media {
namespace {

constexpr size_t kFixedHeader = 12;

}  // namespace

std::string_view fault_label(RtpFault fault) {
  switch (fault) {
    case RtpFault::too_short: return "too_short";
    case RtpFault::bad_version: return "bad_version";
    case RtpFault::csrc_overrun: return "csrc_overrun";
    case RtpFault::extension_overrun: return "extension_overrun";
    case RtpFault::bad_padding: return "bad_padding";
  }
  return "unknown";
}

Result<RtpHeader, RtpFault> parse_rtp(std::span<const uint8_t> packet) {
  if (packet.size() < kFixedHeader) return RtpFault::too_short;
  if (packet[0] >> 6 != 2) return RtpFault::bad_version;
  RtpHeader header;
  header.marker = (packet[1] & 0x80) != 0;
  header.payload_type = packet[1] & 0x7f;
  header.sequence = read_u16(packet, 2);
  header.timestamp = read_u32(packet, 4);
  header.ssrc = read_u32(packet, 8);
  size_t length = kFixedHeader + 4 * static_cast<size_t>(packet[0] & 0x0f);
  if (length > packet.size()) return RtpFault::csrc_overrun;
  if ((packet[0] & 0x10) != 0) {
    // RFC 3550 5.3.1: profile-defined 16 bits, then the length in 32-bit words.
    if (length + 4 > packet.size()) return RtpFault::extension_overrun;
    length += 4 + 4 * static_cast<size_t>(read_u16(packet, length + 2));
    if (length > packet.size()) return RtpFault::extension_overrun;
  }
  size_t padding = 0;
  if ((packet[0] & 0x20) != 0) {
    padding = packet.back();
    if (padding == 0 || length + padding > packet.size()) return RtpFault::bad_padding;
  }
  header.header_bytes = length;
  header.payload_bytes = packet.size() - length - padding;
  return header;
}

bool is_rtcp(std::span<const uint8_t> packet) {
  return packet.size() >= 2 && packet[1] >= 192 && packet[1] <= 223;
}

size_t write_rtp_header(std::span<uint8_t> out, const RtpHeader& header) {
  out[0] = 0x80;
  out[1] = static_cast<uint8_t>((header.marker ? 0x80 : 0) | (header.payload_type & 0x7f));
  write_u16(out, 2, header.sequence);
  write_u32(out, 4, header.timestamp);
  write_u32(out, 8, header.ssrc);
  return kFixedHeader;
}

void rewrite_rtp_header(std::span<uint8_t> packet, bool marker, uint16_t sequence,
                        uint32_t timestamp, uint32_t ssrc) {
  packet[1] = static_cast<uint8_t>((marker ? 0x80 : 0) | (packet[1] & 0x7f));
  write_u16(packet, 2, sequence);
  write_u32(packet, 4, timestamp);
  write_u32(packet, 8, ssrc);
}

}  // namespace tandem::media
