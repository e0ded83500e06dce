#pragma once

#include <string_view>
#include <vector>

#include "libs/common/result.hpp"
#include "libs/sip/header_values.hpp"
#include "libs/sip/uri.hpp"

namespace tandem::sip {

/// A name-addr or addr-spec with its header parameters (From, To, Contact, Route, ...).
struct NameAddr {
  /// The display name as written: quoted (with its quotes) or a run of tokens; may be empty.
  std::string_view display_name;
  /// The URI text without angle brackets, and the URI parsed from it.
  std::string_view uri_text;
  Uri uri;
  /// Whether the URI was inside <...>.
  bool angle_brackets = false;
  /// Header parameters: after '>' for a name-addr; for an addr-spec, everything after the
  /// first ';' (RFC 3261 20: such parameters belong to the header, not to the URI).
  Params params;
};

/// Parses one name-addr or addr-spec value. Refused, as RFC 4475 expects: an unterminated
/// quoted display name (quotbal), an unquoted display name that is not tokens (baddn), an
/// addr-spec holding '?' or ',' (regbadct), whitespace inside the URI (badaspec).
Result<NameAddr> parse_name_addr(std::string_view value);
/// The same, parsed into `address` in place.
Result<Done> parse_name_addr(std::string_view value, NameAddr& address);

/// The "tag" parameter of a From or To value, or "".
std::string_view tag_of(const NameAddr& address);

}  // namespace tandem::sip
