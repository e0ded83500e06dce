#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libs/sip/header_id.hpp"
#include "libs/sip/method.hpp"

namespace tandem::sip {

/// One header line as received (folded continuation lines included): the name as written
/// and the value with surrounding whitespace removed. Views into the message's bytes.
struct HeaderField {
  HeaderId id = HeaderId::other;
  std::string_view name;
  std::string_view value;
};

/// A received SIP message: the bytes as they arrived, and views into them for the start
/// line, each header line and the body. Structured values (URIs, Via, CSeq, ...) are parsed
/// on demand from the views by the functions in the other headers of this library.
/// Copies share the bytes, so a message is cheap to copy and safe to pass between threads.
class SipMessage {
 public:
  bool is_request() const { return !response_; }

  /// Requests: the method, its name as written, and the Request-URI as written.
  Method method() const { return method_; }
  std::string_view method_name() const { return method_name_; }
  std::string_view request_uri() const { return request_uri_; }

  /// Responses: the status code and reason phrase.
  int status() const { return status_; }
  std::string_view reason() const { return reason_; }

  /// Every header line in order of arrival.
  std::span<const HeaderField> headers() const { return headers_; }
  /// The first header line with this identity, or nullptr.
  const HeaderField* find(HeaderId id) const;
  /// The first value of a header, or "" when absent.
  std::string_view value(HeaderId id) const;
  /// How many header lines have this identity.
  size_t count(HeaderId id) const;

  std::string_view body() const { return body_; }
  /// The whole message as received.
  std::string_view bytes() const { return {bytes_.get(), size_}; }

 private:
  friend class MessageParser;

  std::shared_ptr<char[]> bytes_;
  size_t size_ = 0;
  bool response_ = false;
  Method method_ = Method::unknown;
  std::string_view method_name_;
  std::string_view request_uri_;
  int status_ = 0;
  std::string_view reason_;
  std::vector<HeaderField> headers_;
  std::string_view body_;
};

}  // namespace tandem::sip
