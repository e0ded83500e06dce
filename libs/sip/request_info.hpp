#pragma once

#include <optional>
#include <string_view>

#include "libs/common/result.hpp"
#include "libs/sip/cseq.hpp"
#include "libs/sip/message.hpp"
#include "libs/sip/name_addr.hpp"
#include "libs/sip/parse_error.hpp"
#include "libs/sip/uri.hpp"
#include "libs/sip/via.hpp"

namespace tandem::sip {

/// What every request must carry, parsed (RFC 3261 8.1.1). Views into the message.
struct RequestInfo {
  Uri request_uri;
  Via top_via;
  NameAddr from;
  NameAddr to;
  std::string_view call_id;
  CSeq cseq;
  /// Unset when absent or unreadable: then treated as absent (RFC 4475 scalar02).
  std::optional<uint32_t> max_forwards;
};

/// Checks a parsed request the way a UAS must before acting on it (RFC 3261 8.2, the
/// checks resiprocate makes in one validator): one each of From, To, Call-ID and CSeq, a
/// readable top Via, a CSeq that names the request's method (else 400; 501 when the method
/// is unknown anyway), a Request-URI that parses (400), whose scheme is sip, sips or tel
/// (else 416) and that carries no headers (400). The error's reason phrase names the fault.
Result<RequestInfo, ParseError> inspect_request(const SipMessage& request);

/// What a response must carry to be matched to a client transaction (RFC 3261 17.1.3).
struct ResponseInfo {
  Via top_via;
  std::string_view call_id;
  CSeq cseq;
};

/// Checks a parsed response; a response that fails is discarded, never answered (RFC 4475
/// scalarlg: a CSeq too large to hold).
Result<ResponseInfo, ParseError> inspect_response(const SipMessage& response);

/// The top Via of any message, or nothing if it has none that parses; enough to route a
/// response to a request that failed inspection.
std::optional<Via> top_via(const SipMessage& message);

}  // namespace tandem::sip
