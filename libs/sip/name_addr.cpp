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
Result<Done> name_addr(std::string_view value, size_t open, NameAddr& address) {
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
  return parse_params_into(value.substr(close + 1), address.params);
}

/// value = addr-spec *(;param): no display name, no '?' or ',' in the URI.
Result<Done> addr_spec(std::string_view value, NameAddr& address) {
  const auto semicolon = value.find(';');
  address.uri_text = chars::trim(value.substr(0, semicolon));
  if (address.uri_text.find_first_of("?,") != std::string_view::npos) {
    return invalid_argument("a URI with '?' or ',' must be inside < >");
  }
  if (semicolon != std::string_view::npos) {
    return parse_params_into(value.substr(semicolon), address.params);
  }
  return Done{};
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
  NameAddr address;
  if (auto ok = parse_name_addr(value, address); !ok) return ok.failure();
  return address;
}

Result<Done> parse_name_addr(std::string_view value, NameAddr& address) {
  value = chars::trim(value);
  if (value.empty()) return invalid_argument("empty address");
  const size_t open = find_open_angle(value);
  if (open == std::string_view::npos && value.front() == '"') {
    return invalid_argument("unterminated quoted display name or missing '<'");
  }
  auto parsed =
      open != std::string_view::npos ? name_addr(value, open, address) : addr_spec(value, address);
  if (!parsed) return parsed;
  if (auto ok = parse_uri(address.uri_text, address.uri); !ok) {
    return invalid_argument("bad URI: " + ok.failure().message);
  }
  return Done{};
}

std::string_view tag_of(const NameAddr& address) {
  const Param* tag = find_param(address.params, "tag");
  return tag != nullptr ? tag->value : std::string_view{};
}

}  // namespace tandem::sip
