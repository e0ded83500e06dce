#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace tandem::sip {

/// Character classes of the RFC 3261 grammar (section 25.1), as lookup tables.
namespace chars {

constexpr std::array<bool, 256> make_table(std::string_view extra, bool alnum) {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[c] =
        alnum && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
  }
  for (char c : extra) table[static_cast<unsigned char>(c)] = true;
  return table;
}

/// token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
inline constexpr auto kToken = make_table("-.!%*_+`'~", true);

inline bool is_token(char c) { return kToken[static_cast<unsigned char>(c)]; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_space(char c) { return c == ' ' || c == '\t'; }
/// Whitespace inside a header value, folding included (CR and LF of a folded line).
inline bool is_lws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

/// ASCII case-insensitive comparison.
inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

inline bool all_token(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!is_token(c)) return false;
  }
  return true;
}

/// Strips linear whitespace (folding included) from both ends.
inline std::string_view trim(std::string_view text) {
  while (!text.empty() && is_lws(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_lws(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace chars
}  // namespace tandem::sip
