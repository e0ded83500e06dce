#include "libs/sdp/offer_answer.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace tandem::sdp {
namespace {

bool same_text(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<int> payload_type(std::string_view text) {
  int value = -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0 || value > 127)
    return std::nullopt;
  return value;
}

/// The codec a payload type stands for: its rtpmap, or the static assignment of RFC 3551.
std::optional<AudioCodec> codec_of(const MediaDescription& section, int type) {
  if (const auto found = section.rtpmaps.find(type); found != section.rtpmaps.end())
    return AudioCodec{type, found->second.encoding, found->second.clock_rate};
  if (type == 0) return AudioCodec{0, "PCMU", 8000};
  if (type == 8) return AudioCodec{8, "PCMA", 8000};
  if (type == 3) return AudioCodec{3, "GSM", 8000};
  if (type == 9) return AudioCodec{9, "G722", 8000};
  if (type == 18) return AudioCodec{18, "G729", 8000};
  return std::nullopt;
}

bool is_rtp(std::string_view protocol) { return protocol == "RTP/AVP" || protocol == "RTP/AVPF"; }

}  // namespace

Result<AudioStream> find_audio(const SessionDescription& description) {
  std::string why = "no m=audio section";
  for (size_t i = 0; i < description.media.size(); ++i) {
    const auto& section = description.media[i];
    if (section.media != "audio") continue;
    if (!is_rtp(section.protocol)) {
      why = "audio over " + section.protocol + " (Tandem speaks RTP/AVP and RTP/AVPF)";
      continue;
    }
    if (section.port == 0) {
      why = "the audio stream is disabled (port 0)";
      continue;
    }
    const auto address = description.address_of(section);
    if (!address) {
      why = "the audio stream has no c= address";
      continue;
    }
    AudioStream stream;
    stream.index = i;
    stream.address = *address;
    stream.port = section.port;
    stream.direction = description.direction_of(section);
    stream.rtcp_mux = section.rtcp_mux;
    stream.ptime = section.ptime;
    for (const auto& format : section.formats) {
      const auto type = payload_type(format);
      if (!type) continue;
      const auto codec = codec_of(section, *type);
      if (!codec) continue;
      if (same_text(codec->encoding, "telephone-event")) {
        if (!stream.telephone_event) stream.telephone_event = *type;
      } else if (!same_text(codec->encoding, "CN")) {
        stream.codecs.push_back(*codec);
      }
    }
    if (stream.codecs.empty()) {
      why = "the audio stream names no codec";
      continue;
    }
    return stream;
  }
  return invalid_argument(why);
}

Direction answer_direction(Direction offered) {
  if (offered == Direction::sendonly) return Direction::recvonly;
  if (offered == Direction::recvonly) return Direction::sendonly;
  return offered;
}

namespace {

MediaDescription audio_section(const LocalAudio& local, const std::vector<AudioCodec>& codecs,
                               std::optional<int> telephone_event, Direction direction) {
  MediaDescription section;
  section.media = "audio";
  section.port = local.port;
  section.protocol = "RTP/AVP";
  for (const auto& codec : codecs) {
    section.formats.push_back(std::to_string(codec.payload_type));
    section.rtpmaps[codec.payload_type] = {codec.encoding, codec.clock_rate, 1};
  }
  if (telephone_event) {
    section.formats.push_back(std::to_string(*telephone_event));
    section.rtpmaps[*telephone_event] = {"telephone-event", 8000, 1};
    section.fmtps[*telephone_event] = "0-16";
  }
  section.ptime = 20;
  section.direction = direction;
  return section;
}

}  // namespace

SessionDescription make_offer(const Origin& origin, const LocalAudio& local) {
  SessionDescription offer;
  offer.origin = origin;
  offer.session_name = "Tandem";
  offer.connection_address = local.address;
  offer.connection_address_type = local.address.find(':') == std::string::npos ? "IP4" : "IP6";
  auto section = audio_section(local, local.codecs, local.telephone_event, local.direction);
  section.rtcp_mux = local.rtcp_mux;
  offer.media.push_back(std::move(section));
  return offer;
}

SessionDescription make_answer(const SessionDescription& offer, const AudioStream& audio,
                               const Origin& origin, const LocalAudio& local,
                               const AudioCodec& chosen) {
  SessionDescription answer;
  answer.origin = origin;
  answer.session_name = "Tandem";
  answer.connection_address = local.address;
  answer.connection_address_type = local.address.find(':') == std::string::npos ? "IP4" : "IP6";
  for (size_t i = 0; i < offer.media.size(); ++i) {
    const auto& offered = offer.media[i];
    if (i != audio.index) {
      // Rejected: same media and protocol, port 0, a format to keep the line valid.
      MediaDescription rejected;
      rejected.media = offered.media;
      rejected.protocol = offered.protocol;
      rejected.formats = {offered.formats.empty() ? std::string("0") : offered.formats.front()};
      answer.media.push_back(std::move(rejected));
      continue;
    }
    const std::optional<int> telephone_event =
        local.telephone_event ? audio.telephone_event : std::nullopt;
    auto section =
        audio_section(local, {chosen}, telephone_event, answer_direction(audio.direction));
    section.rtcp_mux = audio.rtcp_mux && local.rtcp_mux;
    if (audio.ptime) section.ptime = audio.ptime;
    answer.media.push_back(std::move(section));
  }
  return answer;
}

Origin OriginCounter::next() {
  Origin origin;
  origin.username = "tandem";
  origin.session_id = session_id_;
  origin.session_version = std::to_string(version_++);
  origin.address_type = address_.find(':') == std::string::npos ? "IP4" : "IP6";
  origin.address = address_;
  return origin;
}

}  // namespace tandem::sdp
