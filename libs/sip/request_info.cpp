#include "libs/sip/request_info.hpp"

#include <algorithm>
#include <array>

#include "libs/sip/chars.hpp"

namespace tandem::sip {
namespace {

ParseError bad(std::string reason) { return {400, std::move(reason), false}; }

std::optional<ParseError> check_singletons(const SipMessage& request) {
  std::array<uint8_t, static_cast<size_t>(HeaderId::count_)> counts{};
  for (const auto& header : request.headers()) {
    auto& count = counts[static_cast<size_t>(header.id)];
    count = static_cast<uint8_t>(std::min(count + 1, 2));
  }
  static constexpr std::pair<HeaderId, std::string_view> required[] = {
      {HeaderId::from, "From"},
      {HeaderId::to, "To"},
      {HeaderId::call_id, "Call-ID"},
      {HeaderId::cseq, "CSeq"}};
  for (const auto& [id, name] : required) {
    const auto count = counts[static_cast<size_t>(id)];
    if (count == 0) return bad("Missing " + std::string(name));
    if (count > 1) return bad("Multiple " + std::string(name) + " Headers");
  }
  if (counts[static_cast<size_t>(HeaderId::max_forwards)] > 1) {
    return bad("Multiple Max-Forwards Headers");
  }
  return std::nullopt;
}

std::optional<ParseError> check_request_uri(const SipMessage& request, RequestInfo& info) {
  if (!parse_uri(request.request_uri(), info.request_uri)) return bad("Malformed Request-URI");
  if (!info.request_uri.is_sip() && !info.request_uri.is_tel()) {
    return ParseError{416, "Unsupported URI Scheme", false};
  }
  // RFC 3261 19.1.1: headers are not allowed in a Request-URI.
  if (!info.request_uri.headers.empty()) return bad("Request-URI Has Headers");
  return std::nullopt;
}

std::optional<ParseError> check_cseq(const SipMessage& request, RequestInfo& info) {
  auto cseq = parse_cseq(request.value(HeaderId::cseq));
  if (!cseq) return bad("Malformed CSeq");
  info.cseq = cseq.value();
  if (info.cseq.method != request.method_name()) {
    if (request.method() == Method::unknown) return ParseError{501, "Not Implemented", false};
    return bad("CSeq Method Mismatch");
  }
  return std::nullopt;
}

std::optional<ParseError> check_addresses(const SipMessage& request, RequestInfo& info) {
  if (!parse_name_addr(request.value(HeaderId::from), info.from)) return bad("Malformed From");
  if (!parse_name_addr(request.value(HeaderId::to), info.to)) return bad("Malformed To");
  info.call_id = request.value(HeaderId::call_id);
  for (char c : info.call_id) {
    if (chars::is_lws(c)) return bad("Malformed Call-ID");
  }
  if (info.call_id.empty()) return bad("Malformed Call-ID");
  return std::nullopt;
}

}  // namespace

std::optional<Via> top_via(const SipMessage& message) {
  const HeaderField* line = message.find(HeaderId::via);
  if (line == nullptr) return std::nullopt;
  Via via;
  if (!parse_top_via(line->value, via)) return std::nullopt;
  return via;
}

Result<ResponseInfo, ParseError> inspect_response(const SipMessage& response) {
  ResponseInfo info;
  const HeaderField* top = response.find(HeaderId::via);
  if (top == nullptr || !parse_top_via(top->value, info.top_via)) return bad("Malformed Via");
  if (response.count(HeaderId::call_id) != 1 || response.count(HeaderId::cseq) != 1) {
    return bad("Missing or Multiple Call-ID or CSeq");
  }
  auto cseq = parse_cseq(response.value(HeaderId::cseq));
  if (!cseq) return bad("Malformed CSeq");
  info.cseq = cseq.value();
  info.call_id = response.value(HeaderId::call_id);
  NameAddr from;
  NameAddr to;
  if (!parse_name_addr(response.value(HeaderId::from), from) ||
      !parse_name_addr(response.value(HeaderId::to), to)) {
    return bad("Malformed From or To");
  }
  return info;
}

Result<RequestInfo, ParseError> inspect_request(const SipMessage& request) {
  RequestInfo info;
  const HeaderField* top = request.find(HeaderId::via);
  if (top == nullptr) return bad("Missing Via");
  if (!parse_top_via(top->value, info.top_via)) return bad("Malformed Via");
  if (auto error = check_singletons(request)) return *error;
  if (auto error = check_cseq(request, info)) return *error;
  if (auto error = check_request_uri(request, info)) return *error;
  if (auto error = check_addresses(request, info)) return *error;
  if (const HeaderField* max_forwards = request.find(HeaderId::max_forwards)) {
    if (auto value = parse_decimal(max_forwards->value, 255)) info.max_forwards = value.value();
  }
  // Every Via line must parse, not just the top one: broken separators are a broken message
  // (RFC 4475 badinv01). parse_top_via() has read the whole first line already.
  bool first = true;
  for (const auto& header : request.headers()) {
    if (header.id != HeaderId::via) continue;
    Via scratch;
    if (!first && !parse_top_via(header.value, scratch)) return bad("Malformed Via");
    first = false;
  }
  return info;
}

}  // namespace tandem::sip
