#include "services/media/codec_choice.hpp"

#include <strings.h>

namespace tandem::media {
namespace {

bool named(const v1::Codec& codec, const char* name) {
  return strcasecmp(codec.encoding().c_str(), name) == 0;
}

bool valid_payload_type(uint32_t type) { return type <= 127; }

}  // namespace

Result<RtpCodec> choose_codec(const google::protobuf::RepeatedPtrField<v1::Codec>& offered) {
  RtpCodec chosen;
  bool audio = offered.empty();
  std::string names;
  for (const auto& codec : offered) {
    if (!valid_payload_type(codec.payload_type())) {
      return invalid_argument("offered_codecs: payload type " +
                              std::to_string(codec.payload_type()) + " is above 127");
    }
    const bool narrowband = codec.clock_rate() == 0 || codec.clock_rate() == 8000;
    if (named(codec, "telephone-event") && narrowband) {
      chosen.telephone_event_type = static_cast<uint8_t>(codec.payload_type());
    } else if (!audio && narrowband && (named(codec, "PCMU") || named(codec, "PCMA"))) {
      chosen.law = named(codec, "PCMU") ? Law::ulaw : Law::alaw;
      chosen.payload_type = static_cast<uint8_t>(codec.payload_type());
      audio = true;
    }
    names +=
        (names.empty() ? "" : ", ") + codec.encoding() + "/" + std::to_string(codec.clock_rate());
  }
  if (!audio) {
    return invalid_argument("offered_codecs: none of " + names +
                            " is supported; offer PCMU/8000 or PCMA/8000");
  }
  if (chosen.telephone_event_type == chosen.payload_type) {
    return invalid_argument("offered_codecs: telephone-event shares payload type " +
                            std::to_string(chosen.payload_type) + " with the audio codec");
  }
  return chosen;
}

v1::Codec describe(const RtpCodec& codec) {
  v1::Codec out;
  out.set_payload_type(codec.payload_type);
  out.set_encoding(codec.law == Law::ulaw ? "PCMU" : "PCMA");
  out.set_clock_rate(8000);
  return out;
}

}  // namespace tandem::media
