#include "libs/sip/name_addr.hpp"

#include "libs/sip/chars.hpp"

namespace tandem::sip {
namespace {

Result<Done> check_token_display_name(std::string_view name) {
  for (char c : name) {
    if (!chars::is_token(c) && !chars::is_lws(c)) {
      return invalid_argument("display name must be quoted to hold '" + std::string(1, c) + "'");
    }
  }
  return Done{};
}

/// value = [display-name] "<" URI ">" *(;param)
Result<NameAddr> name_addr(std::string_view value, size_t open) {
  NameAddr address;
  address.angle_brackets = true;
  address.display_name = chars::trim(value.substr(0, open));
  if (!address.display_name.empty() && address.display_name.front() == '"') {
    const size_t end = quoted_string_end(address.display_name);
    if (end == std::string_view::npos) return invalid_argument("unterminated quoted display name");
    if (end + 1 != address.display_name.size()) return invalid_argument("junk after display name");
  } else if (auto ok = check_token_display_name(address.display_name); !ok) {
    return ok.failure();
  }
  const auto close = value.find('>', open);
  if (close == std::string_view::npos) return invalid_argument("missing '>'");
  address.uri_text = value.substr(open + 1, close - open - 1);
  auto params = parse_params(value.substr(close + 1));
  if (!params) return params.failure();
  address.params = std::move(params).value();
  return address;
}

/// value = addr-spec *(;param): no display name, no '?' or ',' in the URI.
Result<NameAddr> addr_spec(std::string_view value) {
  NameAddr address;
  const auto semicolon = value.find(';');
  address.uri_text = chars::trim(value.substr(0, semicolon));
  if (address.uri_text.find_first_of("?,") != std::string_view::npos) {
    return invalid_argument("a URI with '?' or ',' must be inside < >");
  }
  if (semicolon != std::string_view::npos) {
    auto params = parse_params(value.substr(semicolon));
    if (!params) return params.failure();
    address.params = std::move(params).value();
  }
  return address;
}

size_t find_open_angle(std::string_view value) {
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '"') {
      const size_t end = quoted_string_end(value.substr(i));
      if (end == std::string_view::npos) return std::string_view::npos;
      i += end;
    } else if (value[i] == '<') {
      return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace

Result<NameAddr> parse_name_addr(std::string_view value) {
  value = chars::trim(value);
  if (value.empty()) return invalid_argument("empty address");
  const size_t open = find_open_angle(value);
  if (open == std::string_view::npos && value.front() == '"') {
    return invalid_argument("unterminated quoted display name or missing '<'");
  }
  auto address = open != std::string_view::npos ? name_addr(value, open) : addr_spec(value);
  if (!address) return address;
  auto uri = parse_uri(address.value().uri_text);
  if (!uri) return invalid_argument("bad URI: " + uri.failure().message);
  address.value().uri = uri.value();
  return address;
}

std::string_view tag_of(const NameAddr& address) {
  const Param* tag = find_param(address.params, "tag");
  return tag != nullptr ? tag->value : std::string_view{};
}

}  // namespace tandem::sip
