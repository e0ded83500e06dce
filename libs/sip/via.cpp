#include "libs/sip/via.hpp"

#include <charconv>

#include "libs/sip/chars.hpp"
#include "libs/sip/uri.hpp"

namespace tandem::sip {
namespace {

/// "SIP / 2.0 / UDP": whitespace is allowed around the slashes (SLASH = SWS "/" SWS).
Result<std::string_view> next_protocol_part(std::string_view& text, bool last) {
  text = chars::trim(text);
  size_t end = 0;
  while (end < text.size() && chars::is_token(text[end])) ++end;
  const auto part = text.substr(0, end);
  if (part.empty()) return invalid_argument("malformed sent-protocol");
  text = chars::trim(text.substr(end));
  if (!last) {
    if (text.empty() || text.front() != '/') return invalid_argument("malformed sent-protocol");
    text = text.substr(1);
  }
  return part;
}

Result<Done> parse_via(std::string_view text, Via& via) {
  auto protocol = next_protocol_part(text, false);
  auto version = protocol ? next_protocol_part(text, false) : protocol;
  auto transport = version ? next_protocol_part(text, true) : version;
  if (!transport) return transport.failure();
  via.protocol = protocol.value();
  via.version = version.value();
  via.transport = transport.value();
  const auto semicolon = text.find(';');
  const auto sent_by = chars::trim(text.substr(0, semicolon));
  auto host_port = parse_hostport(sent_by);
  if (!host_port) return invalid_argument("malformed sent-by: " + host_port.failure().message);
  via.host = host_port.value().host;
  via.ipv6 = host_port.value().ipv6;
  via.port = host_port.value().port;
  if (semicolon != std::string_view::npos)
    return parse_params_into(text.substr(semicolon), via.params);
  return Done{};
}

}  // namespace

std::string_view Via::branch() const {
  const Param* branch = find_param(params, "branch");
  return branch != nullptr ? branch->value : std::string_view{};
}

bool Via::has_rport() const { return find_param(params, "rport") != nullptr; }

Result<std::vector<Via>> parse_via_line(std::string_view value) {
  auto values = split_values(value);
  if (!values) return values.failure();
  std::vector<Via> vias;
  vias.reserve(values.value().size());
  for (const auto& text : values.value()) {
    if (auto ok = parse_via(text, vias.emplace_back()); !ok) return ok.failure();
  }
  return vias;
}

Result<Done> parse_top_via(std::string_view value, Via& top) {
  auto values = split_values(value);
  if (!values) return values.failure();
  for (size_t i = 0; i < values.value().size(); ++i) {
    Via other;
    if (auto ok = parse_via(values.value()[i], i == 0 ? top : other); !ok) return ok;
  }
  return Done{};
}

}  // namespace tandem::sip
