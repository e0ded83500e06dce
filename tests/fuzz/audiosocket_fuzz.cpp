// libFuzzer target for the AudioSocket reader: arbitrary bytes from a server, fed in pieces
// the input chooses. Beyond "no crash" it checks that every message's payload lies inside
// what was fed, that whole messages account for every byte consumed, and that audio the
// checks accept converts to samples.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "libs/media/audiosocket.hpp"

using namespace tandem::media::audiosocket;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t piece = 1 + data[0] % 64;
  const std::span<const uint8_t> bytes(data + 1, size - 1);
  Reader reader(1 + static_cast<size_t>(data[0]) * 64);
  size_t consumed = 0;
  for (size_t at = 0; at < bytes.size(); at += piece) {
    reader.feed(bytes.subspan(at, std::min(piece, bytes.size() - at)));
    for (auto message = reader.next(); message.ok() && message.value(); message = reader.next()) {
      const auto& m = *message.value();
      consumed += kHeaderBytes + m.payload.size();
      if (consumed > bytes.size()) std::abort();
      if (!check_from_server(m) && is_audio(m.kind)) {
        std::vector<int16_t> samples(m.payload.size() / 2);
        read_samples(m.payload, samples);
      }
    }
  }
  return 0;
}
