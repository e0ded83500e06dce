#include "services/signaling/cidr.hpp"

#include <arpa/inet.h>

#include <charconv>

namespace tandem::signaling {
namespace {

bool to_bytes(std::string_view ip, bool& ipv6, std::array<uint8_t, 16>& bytes) {
  const std::string text(ip);
  bytes.fill(0);
  if (inet_pton(AF_INET, text.c_str(), bytes.data()) == 1) {
    ipv6 = false;
    return true;
  }
  if (inet_pton(AF_INET6, text.c_str(), bytes.data()) == 1) {
    ipv6 = true;
    return true;
  }
  return false;
}

bool prefix_equal(const std::array<uint8_t, 16>& a, const std::array<uint8_t, 16>& b, int bits) {
  for (int i = 0; bits > 0; ++i, bits -= 8) {
    const uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
    if ((a[i] & mask) != (b[i] & mask)) return false;
  }
  return true;
}

}  // namespace

Result<Cidr> Cidr::parse(std::string_view text) {
  Cidr cidr;
  const auto slash = text.find('/');
  if (!to_bytes(text.substr(0, slash), cidr.ipv6_, cidr.network_)) {
    return invalid_argument("not an IP network: \"" + std::string(text) + "\"");
  }
  const int max = cidr.ipv6_ ? 128 : 32;
  cidr.prefix_ = max;
  if (slash != std::string_view::npos) {
    const auto bits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), cidr.prefix_);
    if (ec != std::errc{} || end != bits.data() + bits.size() || cidr.prefix_ < 0 ||
        cidr.prefix_ > max) {
      return invalid_argument("bad prefix length in \"" + std::string(text) + "\"");
    }
  }
  return cidr;
}

bool Cidr::contains(std::string_view ip) const {
  bool ipv6 = false;
  std::array<uint8_t, 16> bytes{};
  return to_bytes(ip, ipv6, bytes) && ipv6 == ipv6_ && prefix_equal(bytes, network_, prefix_);
}

}  // namespace tandem::signaling
