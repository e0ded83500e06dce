#include "libs/sip/header_values.hpp"

#include "libs/sip/chars.hpp"

namespace tandem::sip {
namespace {

Failure broken(std::string what) { return invalid_argument(std::move(what)); }

}  // namespace

size_t quoted_string_end(std::string_view text) {
  for (size_t i = 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i;
    }
  }
  return std::string_view::npos;
}

Result<Values> split_values(std::string_view value) {
  // Only these bytes change the state of the scan; everything between them is skipped by a
  // table lookup.
  static constexpr auto special = chars::make_table(",\"<>", false);
  Values values;
  size_t start = 0;
  int angle = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (!special[static_cast<unsigned char>(c)]) continue;
    if (c == '"') {
      const size_t end = quoted_string_end(value.substr(i));
      if (end == std::string_view::npos) return broken("unterminated quoted string");
      i += end;
    } else if (c == '<') {
      ++angle;
    } else if (c == '>') {
      --angle;
    } else if (angle <= 0) {
      const auto item = chars::trim(value.substr(start, i - start));
      if (item.empty()) return broken("empty value between commas");
      values.push_back(item);
      start = i + 1;
    }
  }
  if (angle != 0) return broken("unbalanced < >");
  const auto last = chars::trim(value.substr(start));
  if (last.empty()) return broken("empty value between commas");
  values.push_back(last);
  return values;
}

Result<Params> parse_params(std::string_view text) {
  Params params;
  text = chars::trim(text);
  while (!text.empty()) {
    if (text.front() != ';') return broken("expected ';' before a parameter");
    text = chars::trim(text.substr(1));
    size_t end = 0;
    while (end < text.size() && text[end] != ';' && text[end] != '=') {
      if (text[end] == '"') return broken("quote in a parameter name");
      ++end;
    }
    Param param{chars::trim(text.substr(0, end)), {}, false};
    if (param.name.empty()) return broken("empty parameter");
    text = text.substr(end);
    if (!text.empty() && text.front() == '=') {
      text = chars::trim(text.substr(1));
      size_t value_end = 0;
      if (!text.empty() && text.front() == '"') {
        value_end = quoted_string_end(text);
        if (value_end == std::string_view::npos) return broken("unterminated quoted parameter");
        ++value_end;
      } else {
        while (value_end < text.size() && text[value_end] != ';') ++value_end;
      }
      param.value = chars::trim(text.substr(0, value_end));
      param.has_value = true;
      text = chars::trim(text.substr(value_end));
    }
    params.push_back(param);
  }
  return params;
}

const Param* find_param(const Params& params, std::string_view name) {
  for (const auto& param : params) {
    if (chars::iequals(param.name, name)) return &param;
  }
  return nullptr;
}

std::string unquote(std::string_view text) {
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') return std::string(text);
  std::string out;
  out.reserve(text.size() - 2);
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == '\\' && i + 2 < text.size()) ++i;
    out += text[i];
  }
  return out;
}

}  // namespace tandem::sip
