#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "libs/sip/message.hpp"
#include "libs/sip/parse_error.hpp"

namespace tandem::sip {

struct ParseLimits {
  size_t max_message_bytes = 64 * 1024;
  size_t max_headers = 256;
  size_t max_line_bytes = 16 * 1024;
};

/// How the bytes arrived: one UDP datagram holds exactly one message (RFC 3261 18.3:
/// trailing bytes are ignored, a missing Content-Length means "to the end"); a stream
/// message was cut out by StreamFramer and its body is exactly Content-Length long.
enum class Framing { datagram, stream };

/// What parsing found. `message` is set whenever the start line and the header section
/// could be read, even when the message is then refused (`error` set): a request refused
/// for its Content-Length can still be answered with a 400.
struct ParseResult {
  std::optional<SipMessage> message;
  std::optional<ParseError> error;
  bool ok() const { return message.has_value() && !error.has_value(); }
};

/// The start line of a message in a few words: for metrics and traces of what we send.
struct StartLine {
  bool request = true;
  std::string_view method;  // requests
  int status = 0;           // responses
};
StartLine summarize_start_line(std::string_view bytes);

/// Reads one message: start line, header lines (folding, compact names) and body framing.
/// It checks syntax only as far as framing needs; validate_request() checks the headers a
/// request must carry. Never reads past the bytes, never allocates per byte.
ParseResult parse_message(std::string_view bytes, Framing framing, const ParseLimits& limits = {});

}  // namespace tandem::sip
