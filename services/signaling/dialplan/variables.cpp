#include "services/signaling/dialplan/variables.hpp"

#include <charconv>

namespace tandem::dialplan {
namespace {

/// Where the `}` closing the `${` at `open` is, counting nested ${...}.
size_t closing_brace(std::string_view text, size_t open) {
  int depth = 0;
  for (size_t i = open; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      ++depth;
      ++i;
    } else if (text[i] == '}' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

std::optional<long> parse_long(std::string_view text) {
  long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

/// ${NAME:offset[:length]}: the part of `value` Asterisk would take.
std::string slice(const std::string& value, std::string_view offset_text,
                  std::optional<std::string_view> length_text) {
  const long size = static_cast<long>(value.size());
  long offset = parse_long(offset_text).value_or(0);
  if (offset < 0) offset = std::max(0L, size + offset);
  if (offset >= size) return "";
  long length = size - offset;
  if (length_text) {
    const long wanted = parse_long(*length_text).value_or(length);
    length = wanted < 0 ? std::max(0L, length + wanted) : std::min(length, wanted);
  }
  return value.substr(static_cast<size_t>(offset), static_cast<size_t>(length));
}

}  // namespace

std::string substitute(std::string_view text, const VariableLookup& lookup) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find("${", i);
    if (open == std::string_view::npos) break;
    const size_t close = closing_brace(text, open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    // The name may itself hold variables.
    const std::string inner = substitute(text.substr(open + 2, close - open - 2), lookup);
    std::string_view name = inner;
    std::optional<std::string_view> offset;
    std::optional<std::string_view> length;
    // CALLERID(num) and the like hold no ':'; a ':' after the name slices the value.
    if (const size_t colon = name.find(':'); colon != std::string_view::npos) {
      offset = name.substr(colon + 1);
      name = name.substr(0, colon);
      if (const size_t second = offset->find(':'); second != std::string_view::npos) {
        length = offset->substr(second + 1);
        offset = offset->substr(0, second);
      }
    }
    const std::string value = lookup(name).value_or("");
    out += offset ? slice(value, *offset, length) : value;
    i = close + 1;
  }
  out.append(text.substr(i));
  return out;
}

}  // namespace tandem::dialplan
