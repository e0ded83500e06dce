#include "tests/support/rtp_phone.hpp"

#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include "libs/media/rtp_packet.hpp"

namespace tandem::testing {
namespace {

sockaddr_in loopback(uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  return address;
}

}  // namespace

RtpPhone::RtpPhone() : fd_(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
  auto address = loopback(0);
  bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
}

RtpPhone::~RtpPhone() { close(fd_); }

void RtpPhone::send(uint16_t to, uint8_t type, uint16_t sequence, uint32_t timestamp, uint32_t ssrc,
                    const std::vector<uint8_t>& payload, bool marker) {
  std::vector<uint8_t> packet(12);
  media::write_rtp_header(packet, {marker, type, sequence, timestamp, ssrc, 12, payload.size()});
  packet.insert(packet.end(), payload.begin(), payload.end());
  send_raw(to, packet);
}

void RtpPhone::send_raw(uint16_t to, const std::vector<uint8_t>& bytes) {
  const auto address = loopback(to);
  sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&address),
         sizeof address);
}

std::optional<std::vector<uint8_t>> RtpPhone::receive(int wait_ms) {
  pollfd ready{fd_, POLLIN, 0};
  if (poll(&ready, 1, wait_ms) != 1) return std::nullopt;
  std::vector<uint8_t> buffer(2048);
  const ssize_t n = recv(fd_, buffer.data(), buffer.size(), 0);
  buffer.resize(static_cast<size_t>(std::max<ssize_t>(n, 0)));
  return buffer;
}

}  // namespace tandem::testing
