#pragma once

#include <cstdint>
#include <string_view>

namespace tandem::sip {

/// Headers the stack looks at by identity. Everything else is HeaderId::other and is kept
/// by name. Compact forms (RFC 3261 7.3.3 and later RFCs) map to the same identities.
enum class HeaderId : uint8_t {
  other,
  via,
  from,
  to,
  call_id,
  cseq,
  contact,
  max_forwards,
  content_length,
  content_type,
  content_encoding,
  expires,
  min_expires,
  require,
  proxy_require,
  supported,
  unsupported,
  allow,
  accept,
  authorization,
  proxy_authorization,
  www_authenticate,
  proxy_authenticate,
  route,
  record_route,
  path,
  user_agent,
  server,
  date,
  subject,
  retry_after,
  event,
  count_,
};

/// The identity of a header name, case-insensitively, compact forms included.
HeaderId header_id(std::string_view name);

/// The canonical spelling of a known header ("Call-ID"), for messages Tandem writes.
std::string_view header_name(HeaderId id);

}  // namespace tandem::sip
