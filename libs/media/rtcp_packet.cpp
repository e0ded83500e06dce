#include "libs/media/rtcp_packet.hpp"

#include "libs/media/byte_order.hpp"

namespace tandem::media {
namespace {

constexpr uint8_t kSenderReport = 200;
constexpr uint8_t kReceiverReport = 201;

}  // namespace

bool is_valid_rtcp(std::span<const uint8_t> datagram) {
  if (datagram.size() < 8) return false;
  if (datagram[1] != kSenderReport && datagram[1] != kReceiverReport) return false;
  size_t at = 0;
  while (at < datagram.size()) {
    if (datagram.size() - at < 4 || datagram[at] >> 6 != 2) return false;
    const size_t length = 4 * (static_cast<size_t>(read_u16(datagram, at + 2)) + 1);
    if (length > datagram.size() - at) return false;
    at += length;
  }
  return true;
}

uint32_t rtcp_sender_ssrc(std::span<const uint8_t> datagram) { return read_u32(datagram, 4); }

}  // namespace tandem::media
