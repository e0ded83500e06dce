#pragma once

#include <string>

namespace tandem::sip {

/// Why a received message was refused. For a request the stack answers `status` with
/// `reason` as the reason phrase (when it can build a response at all); a response is
/// discarded silently. On a stream transport, `close_connection` means the framing is lost.
struct ParseError {
  int status = 400;
  std::string reason;
  bool close_connection = false;
};

}  // namespace tandem::sip
