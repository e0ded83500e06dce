#include "libs/sip/stream_framer.hpp"

#include "libs/common/result.hpp"
#include "libs/sip/chars.hpp"
#include "libs/sip/header_id.hpp"

namespace tandem::sip {
namespace {

/// The Content-Length of a header section, or an error: several different values, or one
/// that is not a number, leave the framing unknowable.
Result<size_t, ParseError> content_length(std::string_view headers) {
  std::optional<uint64_t> length;
  size_t pos = 0;
  while (pos < headers.size()) {
    size_t end = headers.find('\n', pos);
    if (end == std::string_view::npos) end = headers.size();
    const auto line = headers.substr(pos, end - pos);
    pos = end + 1;
    const auto colon = line.find(':');
    if (line.empty() || chars::is_space(line[0]) || colon == std::string_view::npos) continue;
    auto name = line.substr(0, colon);
    while (!name.empty() && chars::is_space(name.back())) name.remove_suffix(1);
    if (header_id(name) != HeaderId::content_length) continue;
    const auto value = chars::trim(line.substr(colon + 1));
    uint64_t parsed = 0;
    bool digits = !value.empty() && value.size() <= 10;
    for (char c : value) {
      digits = digits && chars::is_digit(c);
      parsed = parsed * 10 + static_cast<uint64_t>(c - '0');
    }
    if (!digits) return ParseError{400, "Malformed Content-Length", true};
    if (length && *length != parsed) return ParseError{400, "Conflicting Content-Length", true};
    length = parsed;
  }
  return static_cast<size_t>(length.value_or(0));
}

}  // namespace

StreamFramer::Frame StreamFramer::take(size_t length, Status status) {
  Frame frame{status, buffer_.substr(start_, length), {}};
  start_ += length;
  scanned_ = start_;
  if (start_ > 64 * 1024 && start_ * 2 > buffer_.size()) {
    buffer_.erase(0, start_);
    scanned_ -= start_;
    start_ = 0;
  }
  return frame;
}

std::optional<size_t> StreamFramer::header_end() {
  // Resume the search where the last call stopped (minus 3 bytes for a split terminator).
  size_t from = std::max(start_, scanned_ >= 3 ? scanned_ - 3 : start_);
  for (size_t i = from; i < buffer_.size(); ++i) {
    if (buffer_[i] != '\n') continue;
    const bool lf_lf = i + 1 < buffer_.size() && buffer_[i + 1] == '\n';
    const bool crlf_crlf =
        i + 2 < buffer_.size() && buffer_[i + 1] == '\r' && buffer_[i + 2] == '\n';
    if (lf_lf) return i + 2 - start_;
    if (crlf_crlf) return i + 3 - start_;
  }
  scanned_ = buffer_.size();
  return std::nullopt;
}

StreamFramer::Frame StreamFramer::next() {
  // RFC 5626 4.4.1: a double CRLF between messages is a keep-alive ping; other CRLFs
  // there are ignored (RFC 3261 7.5).
  constexpr std::string_view ping = "\r\n\r\n";
  while (start_ < buffer_.size() && (buffer_[start_] == '\r' || buffer_[start_] == '\n')) {
    const auto rest = std::string_view(buffer_).substr(start_);
    if (rest.starts_with(ping)) return take(ping.size(), Status::keepalive);
    if (ping.starts_with(rest)) return {};
    ++start_;
  }
  const auto headers = header_end();
  if (!headers) {
    if (buffered() > limits_.max_message_bytes) return too_large();
    return {};
  }
  auto length = content_length(std::string_view(buffer_).substr(start_, *headers));
  if (!length) return {Status::error, {}, length.failure()};
  const size_t total = *headers + length.value();
  if (total > limits_.max_message_bytes) return too_large();
  if (buffered() < total) return {};
  return take(total, Status::message);
}

StreamFramer::Frame StreamFramer::too_large() {
  return {Status::error, {}, {513, "Message Too Large", true}};
}

}  // namespace tandem::sip
