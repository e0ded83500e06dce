#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libs/common/result.hpp"
#include "libs/sdp/session_description.hpp"

namespace tandem::sdp {

/// An audio payload type as a description names it.
struct AudioCodec {
  int payload_type = 0;
  std::string encoding;  // "PCMU", "PCMA", ...
  uint32_t clock_rate = 8000;
};

/// What one side said about its audio: where it receives, the codecs in its order of
/// preference, its telephone-event payload type, its direction.
struct AudioStream {
  size_t index = 0;  // which m= section
  std::string address;
  uint16_t port = 0;
  std::vector<AudioCodec> codecs;  // telephone-event and comfort noise left out
  std::optional<int> telephone_event;
  Direction direction = Direction::sendrecv;
  bool rtcp_mux = false;
  std::optional<uint32_t> ptime;
};

/// The first audio stream a description offers or accepts: an RTP/AVP or RTP/AVPF m=
/// section with a port and an address. Static payload types 0 (PCMU) and 8 (PCMA) need no
/// rtpmap. Fails (for a 488 Not Acceptable Here) when there is none, naming why.
Result<AudioStream> find_audio(const SessionDescription& description);

/// The direction an answer gives to an offered one (RFC 3264 6.1): sendonly -> recvonly,
/// recvonly -> sendonly, others unchanged.
Direction answer_direction(Direction offered);

/// What Tandem says for its side of a stream: the media node's address and port, and the
/// codecs it takes.
struct LocalAudio {
  std::string address;
  uint16_t port = 0;
  std::vector<AudioCodec> codecs;
  std::optional<int> telephone_event = 101;
  Direction direction = Direction::sendrecv;
  bool rtcp_mux = false;
};

/// An offer with one audio stream.
SessionDescription make_offer(const Origin& origin, const LocalAudio& local);

/// The answer to `offer` (RFC 3264 6): one m= section for each offered one, in order;
/// the audio stream at `audio.index` answered with `chosen` (the offerer's payload type),
/// the telephone-event type if both sides have one, the answered direction and rtcp-mux if
/// offered; every other section rejected with port 0.
SessionDescription make_answer(const SessionDescription& offer, const AudioStream& audio,
                               const Origin& origin, const LocalAudio& local,
                               const AudioCodec& chosen);

/// The o= line of one side of a session: the version goes up by one with every new
/// description (RFC 3264 8), so a re-INVITE's offer is told apart from a repeat.
class OriginCounter {
 public:
  OriginCounter(std::string session_id, std::string address)
      : session_id_(std::move(session_id)), address_(std::move(address)) {}
  /// The origin for the next description this side sends.
  Origin next();

 private:
  std::string session_id_;
  std::string address_;
  uint64_t version_ = 0;
};

}  // namespace tandem::sdp
