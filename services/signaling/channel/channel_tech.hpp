#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "libs/common/result.hpp"
#include "libs/sdp/offer_answer.hpp"
#include "services/signaling/channel/hangup_cause.hpp"

namespace tandem::channel {

/// Tandem's side of a leg's media: where the media node receives it and the codec chosen.
struct LocalMedia {
  std::string address;
  uint16_t port = 0;
  sdp::AudioCodec codec;
  std::optional<int> telephone_event;
};

/// What a channel's technology does for it (Asterisk's channel driver, FreeSWITCH's
/// endpoint interface): places the leg, tells the far end the call rings, has early media,
/// is answered, that keys were pressed, that it is over. The channel actor drives the
/// state machine and calls these on its own thread; a failure means the far end could not
/// be told. (Dial's UnicastRTP and AudioSocket legs have no signaling, hence no tech: their
/// actor drives their endpoint alone.)
class ChannelTech {
 public:
  virtual ~ChannelTech() = default;
  /// "SIP", "Local", ... as in channel names.
  virtual std::string_view name() const = 0;
  /// Places an outbound leg: offers `media` to the far end (SIP: the INVITE). A leg that
  /// came in was placed by its caller.
  virtual Result<Done> call(const LocalMedia& /*media*/) {
    return Failure{ErrorCode::failed_precondition, "an inbound leg is not placed"};
  }
  virtual Result<Done> ring() = 0;
  virtual Result<Done> progress(const LocalMedia& media) = 0;
  virtual Result<Done> answer(const LocalMedia& media) = 0;
  /// Tells the far end a key was pressed, out of band (SIP: INFO), for a leg whose media
  /// did not agree on telephone-event; RFC 4733 in the media is the media node's.
  virtual Result<Done> send_dtmf(char key, std::chrono::milliseconds duration) = 0;
  /// Ends the leg toward the far end: a final response before the answer, a BYE after.
  virtual void hangup(HangupCause cause) = 0;
};

}  // namespace tandem::channel
