#pragma once

#include <string>
#include <string_view>

#include "libs/sip/parse_error.hpp"
#include "libs/sip/parser.hpp"

namespace tandem::sip {

/// Cuts whole messages out of a byte stream (TCP, TLS): the header section up to its blank
/// line, then exactly Content-Length bytes of body (RFC 3261 18.3). Bytes may arrive split
/// or merged in any way. A broken Content-Length, or a message above the size limit, is an
/// error after which the stream cannot be trusted: the connection must be closed.
class StreamFramer {
 public:
  explicit StreamFramer(ParseLimits limits = {}) : limits_(limits) {}

  enum class Status {
    need_more,  // no complete message yet
    message,    // `bytes` holds one message
    keepalive,  // a CRLFCRLF ping (RFC 5626 4.4.1): answer with CRLF
    error,      // `error` says why; close the connection
  };
  struct Frame {
    Status status = Status::need_more;
    std::string bytes;
    ParseError error;
  };

  void append(std::string_view bytes) { buffer_.append(bytes); }
  /// The next complete message, keep-alive or error; call until need_more.
  Frame next();
  size_t buffered() const { return buffer_.size() - start_; }

 private:
  Frame take(size_t length, Status status);
  static Frame too_large();
  std::optional<size_t> header_end();

  ParseLimits limits_;
  std::string buffer_;
  size_t start_ = 0;
  size_t scanned_ = 0;
};

}  // namespace tandem::sip
