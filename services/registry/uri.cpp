#include "services/registry/uri.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace tandem::registry {
namespace {

constexpr size_t kMaxUriLength = 1024;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_scheme(std::string_view scheme) {
  if (scheme.empty() || !std::isalpha(static_cast<unsigned char>(scheme[0]))) return false;
  return std::all_of(scheme.begin(), scheme.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '+' || c == '-' || c == '.';
  });
}

/// RFC 3261 25.1: unreserved and user-unreserved characters may stand unescaped in a user.
bool is_user_char(unsigned char c) {
  static constexpr std::string_view marks = "-_.!~*'()&=+$,;?/";
  return std::isalnum(c) || marks.find(static_cast<char>(c)) != std::string_view::npos;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return (l >= 'a' && l <= 'f') ? l - 'a' + 10 : -1;
}

/// Unescapes %HH, then escapes again only what may not stand unescaped, so that two
/// spellings of the same user compare equal.
Result<std::string> canonical_user(std::string_view user) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < user.size(); ++i) {
    auto c = static_cast<unsigned char>(user[i]);
    if (c == '%') {
      if (i + 2 >= user.size() || hex_value(user[i + 1]) < 0 || hex_value(user[i + 2]) < 0) {
        return invalid_argument("has a bad %-escape in the user part");
      }
      c = static_cast<unsigned char>(hex_value(user[i + 1]) * 16 + hex_value(user[i + 2]));
      i += 2;
    } else if (!is_user_char(c)) {
      return invalid_argument("has a character the user part may not hold unescaped");
    }
    if (is_user_char(c)) {
      out += static_cast<char>(c);
    } else {
      out += {'%', hex[c >> 4], hex[c & 15]};
    }
  }
  return out;
}

bool is_host(std::string_view host) {
  if (host.empty()) return false;
  if (host.front() == '[') {
    return host.size() > 2 && host.back() == ']' &&
           std::all_of(host.begin() + 1, host.end() - 1,
                       [](unsigned char c) { return std::isxdigit(c) || c == ':' || c == '.'; });
  }
  return std::all_of(host.begin(), host.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '.'; });
}

bool is_port(std::string_view port) {
  if (port.empty() || port.size() > 5) return false;
  if (!std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return false;
  }
  const int value = std::stoi(std::string(port));
  return value > 0 && value <= 65535;
}

/// host[:port] of a sip: URI, validated; the host in lower case.
Result<std::string> canonical_hostport(std::string_view hostport) {
  std::string_view host = hostport;
  std::string_view port;
  const auto bracket = hostport.rfind(']');
  const auto colon = hostport.rfind(':');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    host = hostport.substr(0, colon);
    port = hostport.substr(colon + 1);
    if (!is_port(port)) return invalid_argument("has a bad port");
  }
  if (!is_host(host)) return invalid_argument("has a bad host");
  return lower(host) + (port.empty() ? "" : ":" + std::string(port));
}

struct SipParts {
  std::string_view user;  // without password
  std::string_view hostport;
  std::string_view rest;  // ;params?headers
};

Result<SipParts> split_sip(std::string_view body) {
  SipParts parts;
  const auto at = body.find('@');
  // RFC 3261 25.1: no '@' may stand unescaped outside the userinfo.
  if (at != std::string_view::npos && body.find('@', at + 1) != std::string_view::npos) {
    return invalid_argument("has more than one unescaped @");
  }
  if (at != std::string_view::npos) {
    const std::string_view userinfo = body.substr(0, at);
    parts.user = userinfo.substr(0, userinfo.find(':'));
    body = body.substr(at + 1);
  }
  const auto end = body.find_first_of(";?");
  parts.hostport = body.substr(0, end);
  parts.rest = end == std::string_view::npos ? std::string_view{} : body.substr(end);
  return parts;
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

struct SchemeSplit {
  std::string scheme;
  std::string_view body;
};

Result<SchemeSplit> split_scheme(std::string_view text) {
  if (text.empty()) return invalid_argument("is empty");
  if (text.size() > kMaxUriLength) return invalid_argument("is longer than 1024 characters");
  if (!printable(text)) {
    return invalid_argument("has spaces, control characters, quotes or angle brackets");
  }
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || !is_scheme(text.substr(0, colon))) {
    return invalid_argument("has no URI scheme (expected e.g. sip:alice@example.com)");
  }
  return SchemeSplit{lower(text.substr(0, colon)), text.substr(colon + 1)};
}

}  // namespace

Result<std::string> canonical_aor(std::string_view text) {
  auto split = split_scheme(text);
  if (!split) return split.failure();
  const auto& [scheme, body] = split.value();
  if (scheme == "tel") return canonical_tel(body);
  if (scheme != "sip" && scheme != "sips") {
    return invalid_argument("must be a sip:, sips: or tel: URI, got scheme " + scheme);
  }
  auto parts = split_sip(body);
  if (!parts) return parts.failure();
  if (parts.value().user.empty()) {
    return invalid_argument("needs a user part, like sip:alice@example.com");
  }
  auto user = canonical_user(parts.value().user);
  if (!user) return user.failure();
  auto hostport = canonical_hostport(parts.value().hostport);
  if (!hostport) return hostport.failure();
  return scheme + ":" + user.value() + "@" + hostport.value();
}

Result<std::string> canonical_contact(std::string_view text) {
  auto split = split_scheme(text);
  if (!split) return split.failure();
  const auto& [scheme, body] = split.value();
  if (scheme != "sip" && scheme != "sips") return scheme + ":" + std::string(body);
  auto parts = split_sip(body);
  if (!parts) return parts.failure();
  auto hostport = canonical_hostport(parts.value().hostport);
  if (!hostport) return hostport.failure();
  const std::string_view at_and_before =
      body.substr(0, body.size() - parts.value().hostport.size() - parts.value().rest.size());
  return scheme + ":" + std::string(at_and_before) + hostport.value() +
         std::string(parts.value().rest);
}

}  // namespace tandem::registry
