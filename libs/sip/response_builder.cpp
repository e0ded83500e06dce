#include "libs/sip/response_builder.hpp"

#include <array>
#include <utility>

#include "libs/sip/chars.hpp"
#include "libs/sip/header_values.hpp"
#include "libs/sip/name_addr.hpp"
#include "libs/sip/via.hpp"

namespace tandem::sip {
namespace {

/// The first value of the top Via line with received/rport filled in (RFC 3261 18.2.1,
/// RFC 3581 4), followed by the line's other values unchanged.
std::string top_via_with_source(std::string_view line, const Source& source) {
  auto values = split_values(line);
  if (!values || values.value().empty()) return unfold(line);
  const std::string_view first = values.value().front();
  auto parsed = parse_via_line(first);
  if (!parsed) return unfold(line);
  const Via& via = parsed.value().front();
  std::string out;
  size_t copied = 0;
  for (const auto& param : via.params) {
    const bool replaced =
        chars::iequals(param.name, "received") || chars::iequals(param.name, "rport");
    if (!replaced) continue;
    // Cut ";name[=value]" out of the original text.
    const size_t start = first.rfind(';', static_cast<size_t>(param.name.data() - first.data()));
    const char* end = param.has_value ? param.value.data() + param.value.size()
                                      : param.name.data() + param.name.size();
    out.append(first.substr(copied, start - copied));
    copied = static_cast<size_t>(end - first.data());
  }
  out.append(first.substr(copied));
  if (via.host != source.ip || via.has_rport()) out.append(";received=").append(source.ip);
  if (via.has_rport()) out.append(";rport=").append(std::to_string(source.port));
  const auto rest = line.substr(static_cast<size_t>(first.data() + first.size() - line.data()));
  return unfold(out) + unfold(rest);
}

std::string to_with_tag(std::string_view to, std::string_view tag) {
  std::string out = unfold(to);
  auto address = parse_name_addr(to);
  if (!tag.empty() && address && tag_of(address.value()).empty()) out.append(";tag=").append(tag);
  return out;
}

}  // namespace

std::string unfold(std::string_view value) {
  if (value.find('\n') == std::string_view::npos) return std::string(value);
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\r' || value[i] == '\n') {
      while (i + 1 < value.size() && chars::is_lws(value[i + 1])) ++i;
      if (out.empty() || out.back() != ' ') out += ' ';
    } else {
      out += value[i];
    }
  }
  return out;
}

OutgoingMessage make_response(const SipMessage& request, const Source& source, int status,
                              std::string_view reason, std::string_view to_tag) {
  auto response = OutgoingMessage::response(status, reason);
  bool top = true;
  for (const auto& header : request.headers()) {
    if (header.id != HeaderId::via) continue;
    response.add("Via", top ? top_via_with_source(header.value, source) : unfold(header.value));
    top = false;
  }
  if (const auto* from = request.find(HeaderId::from)) response.add("From", unfold(from->value));
  if (const auto* to = request.find(HeaderId::to)) {
    response.add("To", status > 100 ? to_with_tag(to->value, to_tag) : unfold(to->value));
  }
  if (const auto* call_id = request.find(HeaderId::call_id))
    response.add("Call-ID", call_id->value);
  if (const auto* cseq = request.find(HeaderId::cseq)) response.add("CSeq", unfold(cseq->value));
  return response;
}

std::string_view reason_phrase(int status) {
  static constexpr std::array<std::pair<int, std::string_view>, 36> kPhrases{{
      {100, "Trying"},
      {180, "Ringing"},
      {181, "Call Is Being Forwarded"},
      {182, "Queued"},
      {183, "Session Progress"},
      {200, "OK"},
      {202, "Accepted"},
      {400, "Bad Request"},
      {401, "Unauthorized"},
      {403, "Forbidden"},
      {404, "Not Found"},
      {405, "Method Not Allowed"},
      {406, "Not Acceptable"},
      {408, "Request Timeout"},
      {413, "Request Entity Too Large"},
      {415, "Unsupported Media Type"},
      {416, "Unsupported URI Scheme"},
      {420, "Bad Extension"},
      {421, "Extension Required"},
      {423, "Interval Too Brief"},
      {480, "Temporarily Unavailable"},
      {481, "Call/Transaction Does Not Exist"},
      {482, "Loop Detected"},
      {483, "Too Many Hops"},
      {486, "Busy Here"},
      {487, "Request Terminated"},
      {488, "Not Acceptable Here"},
      {491, "Request Pending"},
      {500, "Server Internal Error"},
      {501, "Not Implemented"},
      {503, "Service Unavailable"},
      {504, "Server Time-out"},
      {505, "Version Not Supported"},
      {513, "Message Too Large"},
      {603, "Decline"},
      {604, "Does Not Exist Anywhere"},
  }};
  for (const auto& [code, phrase] : kPhrases) {
    if (code == status) return phrase;
  }
  return "Unknown";
}

}  // namespace tandem::sip
