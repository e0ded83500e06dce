#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "libs/common/result.hpp"

namespace tandem::signaling {

/// An IPv4 or IPv6 network, "10.0.0.0/8" or "2001:db8::/32"; a bare address is a /32 or /128.
class Cidr {
 public:
  static Result<Cidr> parse(std::string_view text);
  /// Whether `ip` (text) lies inside. Addresses of the other family never match.
  bool contains(std::string_view ip) const;

 private:
  bool ipv6_ = false;
  std::array<uint8_t, 16> network_{};
  int prefix_ = 0;
};

}  // namespace tandem::signaling
