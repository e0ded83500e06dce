#include "services/signaling/dialplan/extension_pattern.hpp"

#include <algorithm>
#include <cctype>

namespace tandem::dialplan {
namespace {

constexpr int kWildcardWidth = 1000;  // wider than any set

std::vector<bool> digits_from(char first) {
  std::vector<bool> accepts(256, false);
  for (char c = first; c <= '9'; ++c) accepts[static_cast<unsigned char>(c)] = true;
  return accepts;
}

}  // namespace

Result<ExtensionPattern> ExtensionPattern::parse(std::string_view text) {
  if (text.empty()) return invalid_argument("an extension cannot be empty");
  ExtensionPattern pattern;
  pattern.text_ = std::string(text);
  if (text.front() != '_') {
    for (const char c : text) {
      std::vector<bool> accepts(256, false);
      accepts[static_cast<unsigned char>(c)] = true;
      pattern.positions_.push_back({std::move(accepts), 1});
    }
    return pattern;
  }
  pattern.pattern_ = true;
  const std::string_view body = text.substr(1);
  if (body.empty()) return invalid_argument("pattern '" + std::string(text) + "' is empty");
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    Position position;
    const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (c == '.' || c == '!') {
      if (i + 1 != body.size()) {
        return invalid_argument("pattern '" + std::string(text) + "': '" + std::string(1, c) +
                                "' must be the last character");
      }
      position.width = kWildcardWidth;
      position.one_or_more = c == '.';
      position.zero_or_more = c == '!';
    } else if (upper == 'X' || upper == 'Z' || upper == 'N') {
      position.accepts = digits_from(upper == 'X' ? '0' : upper == 'Z' ? '1' : '2');
    } else if (c == '[') {
      const size_t close = body.find(']', i);
      if (close == std::string_view::npos) {
        return invalid_argument("pattern '" + std::string(text) + "': '[' is never closed");
      }
      const std::string_view set = body.substr(i + 1, close - i - 1);
      if (set.empty()) {
        return invalid_argument("pattern '" + std::string(text) + "': '[]' matches nothing");
      }
      position.accepts.assign(256, false);
      for (size_t k = 0; k < set.size(); ++k) {
        if (k + 2 < set.size() && set[k + 1] == '-') {
          for (int ch = static_cast<unsigned char>(set[k]);
               ch <= static_cast<unsigned char>(set[k + 2]); ++ch) {
            position.accepts[ch] = true;
          }
          k += 2;
        } else {
          position.accepts[static_cast<unsigned char>(set[k])] = true;
        }
      }
      i = close;
    } else {
      position.accepts.assign(256, false);
      position.accepts[static_cast<unsigned char>(c)] = true;
    }
    if (!position.accepts.empty()) {
      position.width =
          static_cast<int>(std::count(position.accepts.begin(), position.accepts.end(), true));
    }
    pattern.positions_.push_back(std::move(position));
  }
  return pattern;
}

bool ExtensionPattern::matches(std::string_view extension) const {
  if (!pattern_) return extension == text_;
  for (size_t i = 0; i < positions_.size(); ++i) {
    const Position& position = positions_[i];
    if (position.one_or_more) return extension.size() > i;
    if (position.zero_or_more) return true;
    if (i >= extension.size() || !position.accepts[static_cast<unsigned char>(extension[i])])
      return false;
  }
  return extension.size() == positions_.size();
}

bool ExtensionPattern::more_specific_than(const ExtensionPattern& other) const {
  if (literal() != other.literal()) return literal();
  const size_t common = std::min(positions_.size(), other.positions_.size());
  for (size_t i = 0; i < common; ++i) {
    if (positions_[i].width != other.positions_[i].width)
      return positions_[i].width < other.positions_[i].width;
  }
  // Same widths so far: the longer pattern pins down more characters.
  if (positions_.size() != other.positions_.size())
    return positions_.size() > other.positions_.size();
  return text_ < other.text_;
}

}  // namespace tandem::dialplan
