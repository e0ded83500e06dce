#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tandem::sip {

/// Digest algorithms (RFC 7616 3.2; RFC 8760 for SIP). The -sess variants are not offered.
enum class DigestAlgorithm { md5, sha256 };

/// "MD5" or "SHA-256", case-insensitively; an absent algorithm means MD5 (RFC 7616 3.3).
std::optional<DigestAlgorithm> digest_algorithm(std::string_view name);
std::string_view algorithm_name(DigestAlgorithm algorithm);

/// H(data): the lower-case hex digest.
std::string digest_hex(DigestAlgorithm algorithm, std::string_view data);

/// HA1 = H(username ":" realm ":" password).
std::string digest_ha1(DigestAlgorithm algorithm, std::string_view user, std::string_view realm,
                       std::string_view password);

/// What the client must send with qop=auth (RFC 7616 3.4.1):
/// H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" H(method ":" uri)).
std::string digest_response(DigestAlgorithm algorithm, std::string_view ha1,
                            std::string_view method, std::string_view uri, std::string_view nonce,
                            std::string_view nc, std::string_view cnonce, std::string_view qop);

/// A WWW-Authenticate value offering qop=auth.
std::string digest_challenge(DigestAlgorithm algorithm, std::string_view realm,
                             std::string_view nonce, bool stale);

/// Compares two strings in time that does not depend on where they differ.
bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace tandem::sip
