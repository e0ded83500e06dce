#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "libs/sip/message.hpp"

namespace tandem::signaling {

/// The key an INFO carries: "Signal=5" in application/dtmf-relay, or the body itself in
/// application/dtmf; nothing for anything else.
std::optional<char> dtmf_of_info(const sip::SipMessage& info);

/// The application/dtmf-relay body of an INFO that tells a far end `key` was pressed for
/// `duration` (the format Cisco and Asterisk use: "Signal=5\r\nDuration=250\r\n").
std::string dtmf_relay_body(char key, std::chrono::milliseconds duration);

}  // namespace tandem::signaling
