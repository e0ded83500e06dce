#pragma once

#include <cstdint>
#include <string_view>

#include "libs/common/result.hpp"

namespace tandem::sip {

struct CSeq {
  uint32_t number = 0;
  std::string_view method;
};

/// "CSeq: 4711 INVITE". The number must be below 2**31 (RFC 3261 8.1.1.5); larger values
/// are refused, never wrapped (RFC 4475 scalar02).
Result<CSeq> parse_cseq(std::string_view value);

/// A decimal header value such as Max-Forwards or Expires, at most `max`. Leading zeros are
/// fine ("0068" is 68, RFC 4475 wsinv).
Result<uint32_t> parse_decimal(std::string_view value, uint32_t max);

}  // namespace tandem::sip
