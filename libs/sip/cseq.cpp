#include "libs/sip/cseq.hpp"

#include "libs/sip/chars.hpp"

namespace tandem::sip {

Result<uint32_t> parse_decimal(std::string_view value, uint32_t max) {
  value = chars::trim(value);
  if (value.empty()) return invalid_argument("empty number");
  uint64_t number = 0;
  for (char c : value) {
    if (!chars::is_digit(c)) return invalid_argument("not a number");
    number = number * 10 + static_cast<uint64_t>(c - '0');
    if (number > max) return invalid_argument("number too large");
  }
  return static_cast<uint32_t>(number);
}

Result<CSeq> parse_cseq(std::string_view value) {
  value = chars::trim(value);
  size_t end = 0;
  while (end < value.size() && !chars::is_lws(value[end])) ++end;
  auto number = parse_decimal(value.substr(0, end), 0x7fffffff);
  if (!number) return number.failure();
  const auto method = chars::trim(value.substr(end));
  if (!chars::all_token(method)) return invalid_argument("bad method");
  return CSeq{number.value(), method};
}

}  // namespace tandem::sip
