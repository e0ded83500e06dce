#include "libs/sip/uri.hpp"

#include <array>
#include <cctype>
#include <charconv>

#include "libs/sip/chars.hpp"

namespace tandem::sip {
namespace {

// RFC 3261 25.1 character sets.
constexpr auto kUser = chars::make_table("-_.!~*'()&=+$,;?/%", true);
constexpr auto kPassword = chars::make_table("-_.!~*'()&=+$,%", true);
constexpr auto kHostname = chars::make_table("-.", true);
constexpr auto kParamChars = chars::make_table("-_.!~*'()[]/:&+$%=;", true);
constexpr auto kHeaderChars = chars::make_table("-_.!~*'()[]/?:+$%=&", true);
constexpr auto kScheme = chars::make_table("+-.", true);

bool all_of(std::string_view text, const std::array<bool, 256>& table) {
  for (char c : text) {
    if (!table[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  const char l = chars::lower(c);
  return (l >= 'a' && l <= 'f') ? l - 'a' + 10 : -1;
}

bool valid_escapes(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') continue;
    if (i + 2 >= text.size() || hex(text[i + 1]) < 0 || hex(text[i + 2]) < 0) return false;
    i += 2;
  }
  return true;
}

bool valid_ipv6(std::string_view host) {
  if (host.empty()) return false;
  for (char c : host) {
    if (!(hex(c) >= 0 || c == ':' || c == '.')) return false;
  }
  return host.find(':') != std::string_view::npos;
}

Result<std::string_view> scheme_of(std::string_view text, size_t& colon) {
  colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return invalid_argument("no scheme");
  const auto scheme = text.substr(0, colon);
  if (!std::isalpha(static_cast<unsigned char>(scheme[0])) || !all_of(scheme, kScheme)) {
    return invalid_argument("bad scheme");
  }
  return scheme;
}

Result<Done> parse_userinfo(std::string_view userinfo, Uri& uri) {
  const auto colon = userinfo.find(':');
  uri.user = userinfo.substr(0, colon);
  if (colon != std::string_view::npos) uri.password = userinfo.substr(colon + 1);
  if (!all_of(uri.user, kUser) || !all_of(uri.password, kPassword) || !valid_escapes(uri.user) ||
      !valid_escapes(uri.password)) {
    return invalid_argument("bad user part");
  }
  return Done{};
}

Result<Done> parse_sip(std::string_view body, Uri& uri) {
  // '@' may stand unescaped only at the end of the userinfo; ';' and '?' may appear in the
  // user part (RFC 4475 semiuri), so only those after the '@' count. One pass finds all
  // three: URIs are short, and a search per delimiter costs more than the scan.
  size_t at = std::string_view::npos;
  size_t question = std::string_view::npos;
  size_t semicolon = std::string_view::npos;
  for (size_t i = chars::find_any_of(body, 0, '@', '?', ';', '@'); i < body.size();
       i = chars::find_any_of(body, i + 1, '@', '?', ';', '@')) {
    if (body[i] == '@') {
      if (at != std::string_view::npos) return invalid_argument("more than one @");
      at = i;
      question = semicolon = std::string_view::npos;
    } else if (body[i] == '?') {
      if (question == std::string_view::npos) question = i;
    } else if (semicolon == std::string_view::npos && question == std::string_view::npos) {
      semicolon = i;
    }
  }
  if (at != std::string_view::npos) {
    if (auto ok = parse_userinfo(body.substr(0, at), uri); !ok) return ok;
    if (uri.user.empty()) return invalid_argument("empty user part");
    body = body.substr(at + 1);
    if (question != std::string_view::npos) question -= at + 1;
    if (semicolon != std::string_view::npos) semicolon -= at + 1;
  }
  if (question != std::string_view::npos) {
    uri.headers = body.substr(question + 1);
    body = body.substr(0, question);
    if (!all_of(uri.headers, kHeaderChars) || !valid_escapes(uri.headers)) {
      return invalid_argument("bad URI headers");
    }
  }
  if (semicolon != std::string_view::npos) {
    uri.params = body.substr(semicolon);
    body = body.substr(0, semicolon);
    if (!all_of(uri.params, kParamChars) || !valid_escapes(uri.params)) {
      return invalid_argument("bad URI parameters");
    }
  }
  auto host_port = parse_hostport(body);
  if (!host_port) return host_port.failure();
  uri.host = host_port.value().host;
  uri.ipv6 = host_port.value().ipv6;
  uri.port = host_port.value().port;
  return Done{};
}

Result<std::optional<uint16_t>> parse_port(std::string_view port) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || port.size() > 5 || ec != std::errc{} || end != port.data() + port.size() ||
      value > 65535) {
    return invalid_argument("bad port");
  }
  return std::optional<uint16_t>(static_cast<uint16_t>(value));
}

}  // namespace

Result<HostPortView> parse_hostport(std::string_view text) {
  HostPortView result;
  std::string_view port;
  bool has_port = false;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return invalid_argument("unterminated IPv6 reference");
    result.host = text.substr(1, close - 1);
    result.ipv6 = true;
    if (!valid_ipv6(result.host)) return invalid_argument("bad IPv6 reference");
    const auto rest = text.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return invalid_argument("junk after IPv6 reference");
    has_port = !rest.empty();
    if (has_port) port = rest.substr(1);
  } else {
    const auto colon = text.find(':');
    result.host = text.substr(0, colon);
    if (colon != std::string_view::npos) {
      if (text.find(':', colon + 1) != std::string_view::npos) {
        return invalid_argument("IPv6 address without brackets");
      }
      has_port = true;
      port = text.substr(colon + 1);
    }
    if (result.host.empty() || !all_of(result.host, kHostname)) return invalid_argument("bad host");
  }
  if (has_port) {
    auto parsed = parse_port(port);
    if (!parsed) return parsed.failure();
    result.port = parsed.value();
  }
  return result;
}

namespace {

// Folding with | 0x20 is exact here: only 'S', 'I' and 'P' fold onto 's', 'i' and 'p'.
bool starts_with_sip(std::string_view scheme) {
  return scheme.size() >= 3 && (scheme[0] | 0x20) == 's' && (scheme[1] | 0x20) == 'i' &&
         (scheme[2] | 0x20) == 'p';
}

}  // namespace

bool Uri::is_sip() const { return starts_with_sip(scheme) && (scheme.size() == 3 || is_sips()); }
bool Uri::is_sips() const {
  return scheme.size() == 4 && starts_with_sip(scheme) && (scheme[3] | 0x20) == 's';
}
bool Uri::is_tel() const { return chars::iequals(scheme, "tel"); }

std::string Uri::host_port() const {
  std::string out = ipv6 ? "[" + std::string(host) + "]" : std::string(host);
  if (port) out += ":" + std::to_string(*port);
  return out;
}

Result<Uri> parse_uri(std::string_view text) {
  Uri uri;
  if (auto ok = parse_uri(text, uri); !ok) return ok.failure();
  return uri;
}

Result<Done> parse_uri(std::string_view text, Uri& uri) {
  size_t colon = 0;
  auto scheme = scheme_of(text, colon);
  if (!scheme) return scheme.failure();
  uri.scheme = scheme.value();
  uri.opaque = text.substr(colon + 1);
  if (uri.opaque.empty()) return invalid_argument("nothing after the scheme");
  // A sip: URI's parts are checked against their own character sets, which exclude these.
  if (uri.is_sip()) return parse_sip(uri.opaque, uri);
  for (char c : uri.opaque) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '>' || c == '"' || c == 0x7f) {
      return invalid_argument("whitespace or delimiters inside the URI");
    }
  }
  return Done{};
}

std::string unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace tandem::sip
