#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
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

constexpr char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

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

/// The index of the first byte at or after `pos` that equals one of `a`, `b`, `c`, `d`, or
/// npos. Reads eight bytes at a time (SWAR): header values are scanned for their few
/// delimiters on every message, and most of their bytes are none of them.
inline size_t find_any_of(std::string_view text, size_t pos, char a, char b, char c, char d) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHighs = 0x8080808080808080ull;
  // A byte of `word ^ broadcast(x)` is zero where `word` holds x. The lowest byte flagged
  // by the zero-byte test is exact; borrows only disturb the bytes above it.
  const auto zero_bytes = [](uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  const auto broadcast = [](char x) { return kOnes * static_cast<unsigned char>(x); };
  const uint64_t pa = broadcast(a), pb = broadcast(b), pc = broadcast(c), pd = broadcast(d);
  for (; pos + 8 <= text.size(); pos += 8) {
    uint64_t word = 0;
    std::memcpy(&word, text.data() + pos, 8);
    const uint64_t hits = zero_bytes(word ^ pa) | zero_bytes(word ^ pb) | zero_bytes(word ^ pc) |
                          zero_bytes(word ^ pd);
    if (hits != 0) {
      if constexpr (std::endian::native == std::endian::little) {
        return pos + static_cast<size_t>(std::countr_zero(hits) / 8);
      } else {
        break;  // find the byte below, one at a time
      }
    }
  }
  for (; pos < text.size(); ++pos) {
    const char x = text[pos];
    if (x == a || x == b || x == c || x == d) return pos;
  }
  return std::string_view::npos;
}

/// Strips linear whitespace (folding included) from both ends.
inline std::string_view trim(std::string_view text) {
  while (!text.empty() && is_lws(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_lws(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace chars
}  // namespace tandem::sip
