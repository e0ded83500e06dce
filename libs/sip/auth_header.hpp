#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "libs/common/result.hpp"

namespace tandem::sip {

/// An Authorization, Proxy-Authorization or WWW-Authenticate value: a scheme and its
/// comma-separated name=value parameters (RFC 3261 25.1, RFC 7616).
struct AuthHeader {
  std::string_view scheme;
  struct Param {
    std::string_view name;
    /// Quotes removed and quoted-pairs resolved.
    std::string value;
  };
  std::vector<Param> params;

  /// The parameter's value, or nullptr. Names compare case-insensitively.
  const std::string* find(std::string_view name) const;
};

Result<AuthHeader> parse_auth_header(std::string_view value);

}  // namespace tandem::sip
