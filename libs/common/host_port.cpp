#include "libs/common/host_port.hpp"

#include <cctype>
#include <charconv>

namespace tandem {
namespace {

Result<uint16_t> parse_port(std::string_view text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value > 65535) {
    return invalid_argument("port must be a number from 0 to 65535");
  }
  return static_cast<uint16_t>(value);
}

bool valid_host(std::string_view host) {
  if (host.empty()) return false;
  for (char c : host) {
    const bool ok =
        std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string HostPort::to_string() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<HostPort> parse_host_port(std::string_view text) {
  std::string_view host;
  std::string_view port;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return invalid_argument("expected [ipv6]:port");
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return invalid_argument("expected host:port");
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      return invalid_argument("IPv6 addresses need brackets: [::1]:port");
    }
  }
  if (!valid_host(host)) return invalid_argument("the host part is empty or has bad characters");
  auto parsed_port = parse_port(port);
  if (!parsed_port) return parsed_port.failure();
  return HostPort{std::string(host), parsed_port.value()};
}

}  // namespace tandem
