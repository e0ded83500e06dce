#include "libs/sip/header_values.hpp"

#include <algorithm>

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
  // Only these bytes change the state of the scan; the bytes between them are skipped eight
  // at a time.
  Values values;
  size_t start = 0;
  int angle = 0;
  for (size_t i = chars::find_any_of(value, 0, ',', '"', '<', '>'); i < value.size();
       i = chars::find_any_of(value, i + 1, ',', '"', '<', '>')) {
    const char c = value[i];
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
  if (auto ok = parse_params_into(text, params); !ok) return ok.failure();
  return params;
}

Result<Done> parse_params_into(std::string_view text, Params& params) {
  static constexpr auto kNameEnd = chars::make_table(";=\"", false);
  text = chars::trim(text);
  while (!text.empty()) {
    if (text.front() != ';') return broken("expected ';' before a parameter");
    text = chars::trim(text.substr(1));
    size_t end = 0;
    while (end < text.size() && !kNameEnd[static_cast<unsigned char>(text[end])]) ++end;
    if (end < text.size() && text[end] == '"') return broken("quote in a parameter name");
    const auto name = chars::trim(text.substr(0, end));
    if (name.empty()) return broken("empty parameter");
    // Filled where it lives: building a Param aside and copying it in stalls on
    // store forwarding, and this loop runs for every parameter of every message.
    auto& param = params.emplace_back();
    param.name = name;
    text = text.substr(end);
    if (text.empty() || text.front() != '=') continue;
    text = chars::trim(text.substr(1));
    size_t value_end = 0;
    if (!text.empty() && text.front() == '"') {
      value_end = quoted_string_end(text);
      if (value_end == std::string_view::npos) return broken("unterminated quoted parameter");
      ++value_end;
    } else {
      value_end = std::min(text.find(';'), text.size());
    }
    param.value = chars::trim(text.substr(0, value_end));
    param.has_value = true;
    text = chars::trim(text.substr(value_end));
  }
  return Done{};
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
