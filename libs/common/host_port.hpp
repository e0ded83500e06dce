#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "libs/common/result.hpp"

namespace tandem {

/// A "host:port" pair as written in configuration and flags. IPv6 hosts are bracketed:
/// "[::1]:50051".
struct HostPort {
  std::string host;
  uint16_t port = 0;

  /// Back to text, bracketing IPv6 literals.
  std::string to_string() const;
};

/// Parses "host:port"; the message of a failure says what is wrong with the text.
Result<HostPort> parse_host_port(std::string_view text);

}  // namespace tandem
