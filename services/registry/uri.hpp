#pragma once

#include <string>
#include <string_view>

#include "libs/common/result.hpp"

namespace tandem::registry {

/// The canonical form of an address of record (RFC 3261 10.3 step 5): scheme and host in
/// lower case, escaped characters of the user part unescaped, URI parameters and headers
/// removed. Accepts sip:, sips: and tel: URIs; the failure message says what is wrong.
Result<std::string> canonical_aor(std::string_view text);

/// The canonical form of a Contact URI: any scheme; scheme and host in lower case; everything
/// else as given. Two contacts that differ only in the case of their host are one binding.
Result<std::string> canonical_contact(std::string_view text);

}  // namespace tandem::registry
