// libFuzzer entry for the SDP parser and the offer/answer model: any bytes are parsed;
// whatever parses is written back, read again and answered, and nothing may crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "libs/sdp/offer_answer.hpp"
#include "libs/sdp/session_description.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = tandem::sdp::parse(text);
  if (!parsed) return 0;
  const auto again = tandem::sdp::parse(tandem::sdp::format(parsed.value()));
  if (!again) __builtin_trap();  // what Tandem writes it must read
  const auto audio = tandem::sdp::find_audio(parsed.value());
  if (!audio) return 0;
  tandem::sdp::LocalAudio local{"127.0.0.1", 20000, {}, 101, tandem::sdp::Direction::sendrecv,
                                true};
  const auto answer =
      tandem::sdp::make_answer(parsed.value(), audio.value(), {}, local, audio.value().codecs[0]);
  if (answer.media.size() != parsed.value().media.size()) __builtin_trap();
  return 0;
}
