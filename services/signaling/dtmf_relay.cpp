#include "services/signaling/dtmf_relay.hpp"

#include <cctype>

#include "libs/sip/chars.hpp"

namespace tandem::signaling {

std::optional<char> dtmf_of_info(const sip::SipMessage& info) {
  const std::string_view type = info.value(sip::HeaderId::content_type);
  const auto is = [&](std::string_view media_type) {
    return sip::chars::iequals(type.substr(0, media_type.size()), media_type);
  };
  std::string_view body = info.body();
  if (is("application/dtmf-relay")) {
    const size_t at = body.find("Signal=");
    if (at == std::string_view::npos) return std::nullopt;
    body = body.substr(at + 7);
  } else if (!is("application/dtmf")) {
    return std::nullopt;
  }
  body = sip::chars::trim(body);
  if (body.empty()) return std::nullopt;
  const char key = static_cast<char>(std::toupper(static_cast<unsigned char>(body.front())));
  if (std::string_view("0123456789*#ABCD").find(key) == std::string_view::npos) return std::nullopt;
  return key;
}

std::string dtmf_relay_body(char key, std::chrono::milliseconds duration) {
  return "Signal=" + std::string(1, key) + "\r\nDuration=" + std::to_string(duration.count()) +
         "\r\n";
}

}  // namespace tandem::signaling
