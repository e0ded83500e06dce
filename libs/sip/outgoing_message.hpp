#pragma once

#include <string>
#include <string_view>

namespace tandem::sip {

/// A message Tandem sends, built line by line and serialized once. Content-Length is
/// always written, last, from the body.
class OutgoingMessage {
 public:
  static OutgoingMessage response(int status, std::string_view reason);
  static OutgoingMessage request(std::string_view method, std::string_view request_uri);

  /// Appends one header line.
  OutgoingMessage& add(std::string_view name, std::string_view value);
  OutgoingMessage& set_body(std::string_view content_type, std::string body);

  int status() const { return status_; }
  /// The complete message, ready for a transport.
  std::string serialize() const;

 private:
  int status_ = 0;
  std::string start_line_;
  std::string headers_;
  std::string body_;
};

}  // namespace tandem::sip
