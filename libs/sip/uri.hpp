#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "libs/common/result.hpp"

namespace tandem::sip {

/// A URI as written, as views into the text it was parsed from (RFC 3261 19.1, RFC 3966).
/// For sip: and sips: the parts are split out; for any other scheme only `opaque` is set.
/// Escapes (%HH) are kept as written: compare users with unescape().
struct Uri {
  std::string_view scheme;
  std::string_view user;
  std::string_view password;
  /// The host without IPv6 brackets; `ipv6` says whether it had them.
  std::string_view host;
  bool ipv6 = false;
  std::optional<uint16_t> port;
  /// ";a=b;c" as written (parse with parse_params), and "a=b&c=d" after '?'.
  std::string_view params;
  std::string_view headers;
  /// Everything after "scheme:".
  std::string_view opaque;

  bool is_sip() const;  // sip: or sips:
  bool is_sips() const;
  bool is_tel() const;
  /// host[:port], brackets restored for IPv6.
  std::string host_port() const;
};

/// host[:port] as in a SIP URI or a Via sent-by (RFC 3261 25.1, RFC 5118).
struct HostPortView {
  std::string_view host;  // without IPv6 brackets
  bool ipv6 = false;
  std::optional<uint16_t> port;
};
Result<HostPortView> parse_hostport(std::string_view text);

/// Parses a URI. The failure says what is wrong. An IPv6 address outside brackets is
/// refused (RFC 5118 4.2); "[2001:db8::10:5070]" is one address with no port (4.3).
Result<Uri> parse_uri(std::string_view text);
/// The same, parsed into `uri` in place (a fresh Uri).
Result<Done> parse_uri(std::string_view text, Uri& uri);

/// %HH escapes resolved (RFC 3261 19.1.2); bytes that are not valid escapes stay as written.
std::string unescape(std::string_view text);

}  // namespace tandem::sip
