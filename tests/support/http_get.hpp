#pragma once

#include <cstdint>
#include <string>

namespace tandem::testing {

struct HttpResult {
  /// 0 when the server could not be reached.
  unsigned status = 0;
  std::string body;
};

/// A blocking GET to 127.0.0.1:port.
HttpResult http_get(uint16_t port, const std::string& target);

}  // namespace tandem::testing
