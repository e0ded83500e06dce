#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "libs/sip/message.hpp"
#include "libs/sip/outgoing_message.hpp"

namespace tandem::sip {

/// Where a request came from, as the transport saw it.
struct Source {
  std::string ip;
  uint16_t port = 0;
};

/// A response to `request` per RFC 3261 8.2.6.2: every Via line copied in order, the top one
/// with received= (when its host is not the source IP) and rport=<port> (when asked, RFC
/// 3581); From, Call-ID and CSeq copied; To copied with `to_tag` added if it has no tag and
/// the status is above 100. Folded values are unfolded. Works on requests that failed
/// inspection too: whatever is missing is left out.
OutgoingMessage make_response(const SipMessage& request, const Source& source, int status,
                              std::string_view reason, std::string_view to_tag);

/// A header value with folding (CRLF followed by whitespace) turned into single spaces.
std::string unfold(std::string_view value);

/// The standard reason phrase of a status code ("Not Found"), or "Unknown".
std::string_view reason_phrase(int status);

}  // namespace tandem::sip
