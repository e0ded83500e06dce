#include "services/registry/uri.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "libs/sip/uri.hpp"

namespace tandem::registry {
namespace {

constexpr size_t kMaxUriLength = 1024;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

/// RFC 3261 25.1: unreserved and user-unreserved characters may stand unescaped in a user.
bool is_user_char(unsigned char c) {
  static constexpr std::string_view marks = "-_.!~*'()&=+$,;?/";
  return std::isalnum(c) || marks.find(static_cast<char>(c)) != std::string_view::npos;
}

/// Unescapes %HH, then escapes again only what may not stand unescaped, so that two
/// spellings of the same user compare equal. The parser has checked the escapes.
std::string canonical_user(std::string_view user) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char byte : sip::unescape(user)) {
    const auto c = static_cast<unsigned char>(byte);
    if (is_user_char(c)) {
      out += byte;
    } else {
      out += {'%', hex[c >> 4], hex[c & 15]};
    }
  }
  return out;
}

Result<std::string> canonical_tel(std::string_view number) {
  number = number.substr(0, number.find(';'));
  std::string digits;
  for (size_t i = 0; i < number.size(); ++i) {
    const char c = number[i];
    if (c == '-' || c == '.' || c == '(' || c == ')') continue;
    const bool ok = std::isxdigit(static_cast<unsigned char>(c)) || c == '*' || c == '#' ||
                    (c == '+' && i == 0);
    if (!ok) return invalid_argument("has a character a telephone number may not hold");
    digits += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (digits.empty() || digits == "+") return invalid_argument("has no telephone number");
  return "tel:" + digits;
}

bool printable(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return c > 0x20 && c != 0x7f && c != '<' && c != '>' && c != '"';
  });
}

/// The URI parsed by the SIP stack's own parser, with the checks a stored URI needs on top:
/// a bounded length, and a port a packet can be sent to.
Result<sip::Uri> parse(std::string_view text) {
  if (text.empty()) return invalid_argument("is empty");
  if (text.size() > kMaxUriLength) return invalid_argument("is longer than 1024 characters");
  if (!printable(text)) {
    return invalid_argument("has spaces, control characters, quotes or angle brackets");
  }
  if (text.find(':') == std::string_view::npos) {
    return invalid_argument("has no URI scheme (expected e.g. sip:alice@example.com)");
  }
  auto uri = sip::parse_uri(text);
  if (!uri) return invalid_argument("is not a valid URI: " + uri.failure().message);
  if (uri.value().port == 0) return invalid_argument("has port 0");
  return uri;
}

}  // namespace

Result<std::string> canonical_aor(std::string_view text) {
  auto parsed = parse(text);
  if (!parsed) return parsed.failure();
  const auto& uri = parsed.value();
  if (uri.is_tel()) return canonical_tel(uri.opaque);
  const auto scheme = lower(uri.scheme);
  if (!uri.is_sip()) {
    return invalid_argument("must be a sip:, sips: or tel: URI, got scheme " + scheme);
  }
  if (uri.user.empty()) return invalid_argument("needs a user part, like sip:alice@example.com");
  return scheme + ":" + canonical_user(uri.user) + "@" + lower(uri.host_port());
}

Result<std::string> canonical_contact(std::string_view text) {
  auto parsed = parse(text);
  if (!parsed) return parsed.failure();
  const auto& uri = parsed.value();
  const auto scheme = lower(uri.scheme);
  if (!uri.is_sip()) return scheme + ":" + std::string(uri.opaque);
  // Userinfo, parameters and headers as written: only the scheme and host are
  // case-insensitive (RFC 3261 19.1.4), and the contact is handed back to the phone.
  const auto at = uri.opaque.find('@');
  const auto userinfo =
      at == std::string_view::npos ? std::string_view{} : uri.opaque.substr(0, at + 1);
  std::string out = scheme + ":" + std::string(userinfo) + lower(uri.host_port());
  out += uri.params;
  if (!uri.headers.empty()) out += "?" + std::string(uri.headers);
  return out;
}

}  // namespace tandem::registry
