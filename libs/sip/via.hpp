#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "libs/common/result.hpp"
#include "libs/sip/header_values.hpp"

namespace tandem::sip {

/// One Via value (RFC 3261 20.42, RFC 3581 rport).
struct Via {
  std::string_view protocol;   // "SIP"
  std::string_view version;    // "2.0"
  std::string_view transport;  // "UDP", "TCP", "TLS", "WS", "WSS", or anything else
  std::string_view host;       // without IPv6 brackets
  bool ipv6 = false;
  std::optional<uint16_t> port;
  Params params;

  std::string_view branch() const;
  /// rport present (RFC 3581), with or without a value.
  bool has_rport() const;
};

/// Every Via value of one header line (it may hold several, comma-separated).
Result<std::vector<Via>> parse_via_line(std::string_view value);

/// The first Via value of a header line, parsed into `top`; the line's other values must
/// parse too (RFC 4475 badinv01) but are not kept.
Result<Done> parse_top_via(std::string_view value, Via& top);

/// RFC 3261 17.2.3: branches of RFC 3261 elements start with this cookie.
inline constexpr std::string_view kMagicCookie = "z9hG4bK";

}  // namespace tandem::sip
