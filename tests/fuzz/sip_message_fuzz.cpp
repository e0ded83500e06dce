// libFuzzer target for the SIP message layer: framing, parsing, the structured header
// parsers, inspection and response building, on arbitrary bytes. Beyond "no crash" it checks
// that every view the parser hands out lies inside the message's own bytes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "libs/sip/auth_header.hpp"
#include "libs/sip/contact.hpp"
#include "libs/sip/parser.hpp"
#include "libs/sip/request_info.hpp"
#include "libs/sip/response_builder.hpp"
#include "libs/sip/stream_framer.hpp"

namespace {

using namespace tandem::sip;

void require_inside(std::string_view whole, std::string_view part) {
  if (part.empty()) return;
  if (part.data() < whole.data() || part.data() + part.size() > whole.data() + whole.size())
    std::abort();
}

void exercise_headers(const SipMessage& message) {
  const auto bytes = message.bytes();
  require_inside(bytes, message.method_name());
  require_inside(bytes, message.request_uri());
  require_inside(bytes, message.reason());
  require_inside(bytes, message.body());
  for (const auto& header : message.headers()) {
    require_inside(bytes, header.name);
    require_inside(bytes, header.value);
    (void)split_values(header.value);
    switch (header.id) {
      case HeaderId::via: (void)parse_via_line(header.value); break;
      case HeaderId::from:
      case HeaderId::to: (void)parse_name_addr(header.value); break;
      case HeaderId::cseq: (void)parse_cseq(header.value); break;
      case HeaderId::authorization:
      case HeaderId::www_authenticate: (void)parse_auth_header(header.value); break;
      default: break;
    }
  }
  (void)parse_contacts(message);
}

void exercise(std::string_view bytes, Framing framing) {
  auto parsed = parse_message(bytes, framing);
  if (!parsed.message) return;
  const SipMessage& message = *parsed.message;
  exercise_headers(message);
  if (message.is_request()) {
    auto info = inspect_request(message);
    if (info) (void)parse_uri(message.request_uri());
    (void)make_response(message, {"192.0.2.1", 5060}, 400, "Bad Request", "tag").serialize();
  } else {
    (void)inspect_response(message);
  }
}

void exercise_framer(std::string_view bytes) {
  StreamFramer framer;
  // Feed in two pieces split at a point the input chooses, then drain.
  const size_t split =
      bytes.empty() ? 0 : static_cast<unsigned char>(bytes[0]) % (bytes.size() + 1);
  for (auto piece : {bytes.substr(0, split), bytes.substr(split)}) {
    framer.append(piece);
    for (auto frame = framer.next(); frame.status == StreamFramer::Status::message ||
                                     frame.status == StreamFramer::Status::keepalive;
         frame = framer.next()) {
      if (frame.status == StreamFramer::Status::message) exercise(frame.bytes, Framing::stream);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  exercise(bytes, Framing::datagram);
  exercise_framer(bytes);
  return 0;
}
