#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/common/result.hpp"

namespace tandem::dialplan {

/// An extension as Asterisk writes it: a literal ("600", "alice") or, after a leading
/// underscore, a pattern of
///   X  any digit 0-9      Z  1-9      N  2-9      [1-5a]  one of a set (ranges allowed)
///   .  one or more of anything          !  zero or more of anything
/// Other characters match themselves. Letters in patterns are case-insensitive (X, x).
class ExtensionPattern {
 public:
  /// Checks the text: a pattern with an unclosed or empty set, or with `.`/`!` before its
  /// end, is refused with the reason.
  static Result<ExtensionPattern> parse(std::string_view text);

  bool matches(std::string_view extension) const;
  const std::string& text() const { return text_; }
  bool literal() const { return !pattern_; }

  /// Asterisk's order of preference when several extensions match: a literal first, then
  /// the pattern whose positions match fewer characters, position by position.
  bool more_specific_than(const ExtensionPattern& other) const;

 private:
  /// One position: the set of characters it takes (as a 256-bit table), or a tail wildcard.
  struct Position {
    std::vector<bool> accepts;  // empty for a wildcard
    int width = 0;              // how many characters it accepts (fewer: more specific)
    bool one_or_more = false;   // '.'
    bool zero_or_more = false;  // '!'
  };

  std::string text_;
  bool pattern_ = false;
  std::vector<Position> positions_;
};

}  // namespace tandem::dialplan
