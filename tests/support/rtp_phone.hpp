#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace tandem::testing {

/// A UDP socket on 127.0.0.1 that sends and receives RTP: one side of a call in media
/// tests.
class RtpPhone {
 public:
  RtpPhone();
  ~RtpPhone();
  RtpPhone(const RtpPhone&) = delete;
  RtpPhone& operator=(const RtpPhone&) = delete;

  uint16_t port() const { return port_; }

  /// One RTP packet with a 12-byte header to 127.0.0.1:`to`.
  void send(uint16_t to, uint8_t type, uint16_t sequence, uint32_t timestamp, uint32_t ssrc,
            const std::vector<uint8_t>& payload, bool marker = false);
  /// Any bytes as one datagram.
  void send_raw(uint16_t to, const std::vector<uint8_t>& bytes);
  /// The next datagram, or nothing within `wait_ms`.
  std::optional<std::vector<uint8_t>> receive(int wait_ms = 2000);

 private:
  int fd_;
  uint16_t port_ = 0;
};

}  // namespace tandem::testing
