#include "libs/sip/parser.hpp"

#include <charconv>
#include <cstring>

#include "libs/sip/chars.hpp"

namespace tandem::sip {
namespace {

/// Content-Length values above this are refused rather than trusted (the message limit is
/// far smaller anyway).
constexpr uint64_t kMaxContentLength = 0xffffffffu;

ParseError refuse(std::string reason, bool close = false) {
  return {400, std::move(reason), close};
}

/// "SIP/2.0", case-insensitively (RFC 3261 7.1). 505 for any other version.
std::optional<ParseError> check_version(std::string_view version) {
  if (version.size() < 5 || !chars::iequals(version.substr(0, 4), "SIP/")) {
    return refuse("Malformed SIP Version");
  }
  if (version.substr(4) != "2.0") return ParseError{505, "Version Not Supported", false};
  return std::nullopt;
}

std::optional<uint64_t> digits_value(std::string_view text, size_t max_digits) {
  if (text.empty() || text.size() > max_digits) return std::nullopt;
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

/// Reads one message; see parse_message().
class MessageParser {
 public:
  MessageParser(std::string_view bytes, Framing framing, const ParseLimits& limits)
      : framing_(framing), limits_(limits) {
    // One allocation for the bytes and their reference count; views point into it.
    message_.bytes_ = std::make_shared_for_overwrite<char[]>(bytes.size());
    std::copy(bytes.begin(), bytes.end(), message_.bytes_.get());
    message_.size_ = bytes.size();
    data_ = message_.bytes();
  }

  ParseResult run() {
    if (data_.size() > limits_.max_message_bytes) return fail({513, "Message Too Large", true});
    skip_leading_blank_lines();
    if (pos_ >= data_.size()) return fail(refuse("Empty Message"));
    message_.headers_.reserve(24);
    // A refused start line still leaves the headers worth reading: a 505 needs the Via.
    auto error = start_line();
    if (auto header_error = header_lines(); header_error && !error) error = header_error;
    if (error) return fail_with_message(*error);
    return body();
  }

 private:
  /// The next line without its terminator (LF or CRLF); false at the end of the bytes.
  bool next_line(std::string_view& line, bool& terminated) {
    if (pos_ >= data_.size()) return false;
    const char* start = data_.data() + pos_;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', data_.size() - pos_));
    const size_t end =
        newline != nullptr ? static_cast<size_t>(newline - data_.data()) : data_.size();
    line = data_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    terminated = newline != nullptr;
    pos_ = terminated ? end + 1 : end;
    return true;
  }

  // RFC 3261 7.5: CRLFs before the start line are keep-alives, not errors.
  void skip_leading_blank_lines() {
    while (pos_ < data_.size() && (data_[pos_] == '\r' || data_[pos_] == '\n')) ++pos_;
  }

  std::optional<ParseError> start_line() {
    std::string_view line;
    bool terminated = false;
    next_line(line, terminated);
    if (line.size() > limits_.max_line_bytes) return refuse("Start Line Too Long");
    if (line.size() >= 4 && chars::iequals(line.substr(0, 4), "SIP/")) {
      message_.response_ = true;
      return status_line(line);
    }
    return request_line(line);
  }

  // Request-Line = Method SP Request-URI SP SIP-Version, single spaces (RFC 3261 25.1).
  std::optional<ParseError> request_line(std::string_view line) {
    const auto first = line.find(' ');
    const auto last = line.rfind(' ');
    if (first == std::string_view::npos || first == last) return refuse("Malformed Request-Line");
    const auto method = line.substr(0, first);
    const auto uri = line.substr(first + 1, last - first - 1);
    const auto version = line.substr(last + 1);
    if (!chars::all_token(method)) return refuse("Malformed Method");
    if (uri.empty() || uri.find_first_of(" \t") != std::string_view::npos) {
      return refuse("Malformed Request-URI");
    }
    message_.method_name_ = method;
    message_.method_ = method_from(method);
    message_.request_uri_ = uri;
    return check_version(version);
  }

  // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase; the phrase may be empty.
  std::optional<ParseError> status_line(std::string_view line) {
    const auto first = line.find(' ');
    if (first == std::string_view::npos) return refuse("Malformed Status-Line");
    if (auto error = check_version(line.substr(0, first))) return error;
    const auto rest = line.substr(first + 1);
    const auto second = rest.find(' ');
    const auto code = rest.substr(0, second);
    const auto value = digits_value(code, 3);
    if (code.size() != 3 || !value || *value < 100) return refuse("Malformed Status-Code");
    message_.status_ = static_cast<int>(*value);
    message_.reason_ =
        second == std::string_view::npos ? std::string_view{} : rest.substr(second + 1);
    return std::nullopt;
  }

  std::optional<ParseError> header_lines() {
    std::string_view line;
    bool terminated = false;
    while (next_line(line, terminated)) {
      if (line.empty()) {
        body_start_ = pos_;
        return std::nullopt;
      }
      if (line.size() > limits_.max_line_bytes) return refuse("Header Line Too Long");
      if (auto error = chars::is_space(line[0]) ? fold(line) : header(line)) return error;
    }
    // No blank line: a datagram then ends with its headers (the archive copy of baddn.dat
    // does this); a stream message always has one, the framer made sure.
    body_start_ = data_.size();
    return std::nullopt;
  }

  // header-name HCOLON value, in one pass over the name: token bytes, optional whitespace,
  // then the colon.
  std::optional<ParseError> header(std::string_view line) {
    size_t colon = 0;
    while (colon < line.size() && chars::is_token(line[colon])) ++colon;
    const std::string_view name = line.substr(0, colon);
    while (colon < line.size() && chars::is_space(line[colon])) ++colon;
    if (colon == line.size() || line[colon] != ':' || name.empty()) {
      return refuse(line.find(':') == std::string_view::npos ? "Malformed Header Line"
                                                             : "Malformed Header Name");
    }
    if (message_.headers_.size() >= limits_.max_headers) return refuse("Too Many Header Lines");
    message_.headers_.push_back({header_id(name), name, chars::trim(line.substr(colon + 1))});
    value_start_ = line.data() + colon + 1;
    return std::nullopt;
  }

  // RFC 3261 7.3.1: a line that starts with whitespace continues the previous header. The
  // value view then spans the fold; structured parsers treat CR and LF as whitespace.
  std::optional<ParseError> fold(std::string_view line) {
    if (message_.headers_.empty()) return refuse("Malformed Header Line");
    auto& last = message_.headers_.back();
    const char* end = line.data() + line.size();
    last.value =
        chars::trim(std::string_view(value_start_, static_cast<size_t>(end - value_start_)));
    return std::nullopt;
  }

  std::optional<ParseError> content_length(std::optional<uint64_t>& length) {
    for (const auto& header : message_.headers_) {
      if (header.id != HeaderId::content_length) continue;
      const auto value = digits_value(header.value, 10);
      if (!value || *value > kMaxContentLength) return refuse("Malformed Content-Length", true);
      if (length && *length != *value) return refuse("Conflicting Content-Length", true);
      length = value;
    }
    return std::nullopt;
  }

  ParseResult body() {
    std::optional<uint64_t> length;
    if (auto error = content_length(length)) return fail_with_message(*error);
    const size_t available = data_.size() - body_start_;
    if (!length) {
      // RFC 3261 18.3: without Content-Length a datagram's body runs to its end; a stream
      // message then has none.
      message_.body_ =
          framing_ == Framing::datagram ? data_.substr(body_start_) : std::string_view{};
    } else if (*length > available) {
      return fail_with_message(refuse("Content-Length Larger Than Message", true));
    } else {
      // Bytes after the body in a datagram are ignored (RFC 3261 18.3).
      message_.body_ = data_.substr(body_start_, static_cast<size_t>(*length));
    }
    return {std::move(message_), std::nullopt};
  }

  static ParseResult fail(ParseError error) { return {std::nullopt, std::move(error)}; }
  ParseResult fail_with_message(ParseError error) {
    return {std::move(message_), std::move(error)};
  }

  Framing framing_;
  const ParseLimits& limits_;
  SipMessage message_;
  std::string_view data_;
  size_t pos_ = 0;
  size_t body_start_ = 0;
  const char* value_start_ = nullptr;
};

StartLine summarize_start_line(std::string_view bytes) {
  const auto line = bytes.substr(0, bytes.find('\r'));
  StartLine summary;
  if (line.starts_with("SIP/2.0 ") && line.size() >= 11) {
    summary.request = false;
    summary.status = static_cast<int>(digits_value(line.substr(8, 3), 3).value_or(0));
  } else {
    summary.method = line.substr(0, line.find(' '));
  }
  return summary;
}

ParseResult parse_message(std::string_view bytes, Framing framing, const ParseLimits& limits) {
  return MessageParser(bytes, framing, limits).run();
}

}  // namespace tandem::sip
