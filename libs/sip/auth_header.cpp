#include "libs/sip/auth_header.hpp"

#include "libs/sip/chars.hpp"
#include "libs/sip/header_values.hpp"

namespace tandem::sip {

const std::string* AuthHeader::find(std::string_view name) const {
  for (const auto& param : params) {
    if (chars::iequals(param.name, name)) return &param.value;
  }
  return nullptr;
}

Result<AuthHeader> parse_auth_header(std::string_view value) {
  value = chars::trim(value);
  size_t end = 0;
  while (end < value.size() && chars::is_token(value[end])) ++end;
  AuthHeader header;
  header.scheme = value.substr(0, end);
  if (header.scheme.empty()) return invalid_argument("no authentication scheme");
  const auto rest = chars::trim(value.substr(end));
  if (rest.empty()) return header;
  auto items = split_values(rest);
  if (!items) return items.failure();
  for (const auto& item : items.value()) {
    const auto equals = item.find('=');
    if (equals == std::string_view::npos) return invalid_argument("parameter without '='");
    const auto name = chars::trim(item.substr(0, equals));
    const auto raw = chars::trim(item.substr(equals + 1));
    if (!chars::all_token(name)) return invalid_argument("bad parameter name");
    if (!raw.empty() && raw.front() == '"' && quoted_string_end(raw) != raw.size() - 1) {
      return invalid_argument("bad quoted parameter value");
    }
    header.params.push_back({name, unquote(raw)});
  }
  return header;
}

}  // namespace tandem::sip
