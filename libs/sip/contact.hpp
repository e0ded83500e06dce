#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/common/result.hpp"
#include "libs/sip/message.hpp"
#include "libs/sip/name_addr.hpp"

namespace tandem::sip {

/// One Contact value with the parameters a registrar reads (RFC 3261 20.10, RFC 5626).
struct ContactValue {
  NameAddr address;
  /// The expires parameter; unset when absent or unreadable (then the Expires header or the
  /// default applies, RFC 4475 scalar02).
  std::optional<uint32_t> expires;
  /// q, 0.0 to 1.0; unset when absent.
  std::optional<double> q;
  /// +sip.instance without its quotes (an instance is a URN: it holds no quoted-pairs), and
  /// reg-id (0 when absent).
  std::string_view instance;
  uint32_t reg_id = 0;
};

/// The Contact header lines of a message, taken together.
struct ContactList {
  /// "Contact: *" (RFC 3261 10.2.2).
  bool wildcard = false;
  std::vector<ContactValue> contacts;
};

/// Parses every Contact value in the given header values. Fails on a malformed value, a bad
/// q, or a '*' mixed with other contacts.
Result<ContactList> parse_contacts(const std::vector<std::string_view>& header_values);
/// The same over every Contact header line of a message.
Result<ContactList> parse_contacts(const SipMessage& message);

}  // namespace tandem::sip
