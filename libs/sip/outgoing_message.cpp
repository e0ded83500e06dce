#include "libs/sip/outgoing_message.hpp"

namespace tandem::sip {

OutgoingMessage OutgoingMessage::response(int status, std::string_view reason) {
  OutgoingMessage message;
  message.status_ = status;
  message.start_line_ = "SIP/2.0 " + std::to_string(status) + " " + std::string(reason) + "\r\n";
  return message;
}

OutgoingMessage OutgoingMessage::request(std::string_view method, std::string_view request_uri) {
  OutgoingMessage message;
  message.start_line_.append(method).append(" ").append(request_uri).append(" SIP/2.0\r\n");
  return message;
}

OutgoingMessage& OutgoingMessage::add(std::string_view name, std::string_view value) {
  headers_.append(name).append(": ").append(value).append("\r\n");
  return *this;
}

OutgoingMessage& OutgoingMessage::set_body(std::string_view content_type, std::string body) {
  add("Content-Type", content_type);
  body_ = std::move(body);
  return *this;
}

std::string OutgoingMessage::serialize() const {
  std::string out;
  out.reserve(start_line_.size() + headers_.size() + body_.size() + 24);
  out.append(start_line_).append(headers_);
  out.append("Content-Length: ").append(std::to_string(body_.size())).append("\r\n\r\n");
  out.append(body_);
  return out;
}

}  // namespace tandem::sip
