// libFuzzer target for what the media path reads from the network on an RTP port: the RTP
// header checks, the RTCP demultiplexing test, and RFC 4733 events through the receiver.
// Beyond "no crash" it checks that a packet that passes leaves its payload inside it.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "libs/media/rtp_packet.hpp"
#include "libs/media/telephone_event.hpp"

using namespace tandem::media;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> packet(data, size);
  (void)is_rtcp(packet);
  const auto header = parse_rtp(packet);
  if (!header) return 0;
  const auto& h = header.value();
  if (h.header_bytes < 12 || h.header_bytes + h.payload_bytes > size) std::abort();
  const auto payload = packet.subspan(h.header_bytes, h.payload_bytes);
  if (const auto event = parse_telephone_event(payload)) {
    TelephoneEventReceiver receiver;
    std::vector<DtmfPress> presses;
    const TelephoneEventReceiver::TimePoint now{};
    receiver.on_packet(h.ssrc, h.timestamp, *event, now, presses);
    receiver.on_packet(h.ssrc, h.timestamp + h.sequence, *event, now, presses);
    (void)receiver.expire(now + std::chrono::seconds(5));
    if (presses.size() > 2) std::abort();
  }
  return 0;
}
