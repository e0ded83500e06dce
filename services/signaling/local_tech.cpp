#include "services/signaling/local_tech.hpp"

#include "services/signaling/channel_messages.hpp"

namespace tandem::signaling {

Result<Done> LocalTech::ring() {
  caf::anon_send(first_half_, leg_atom::value, LegEvent::ringing());
  return Done{};
}

Result<Done> LocalTech::progress(const channel::LocalMedia&) {
  // No endpoint of its own: the dialing channel's endpoint already carries the media.
  caf::anon_send(first_half_, leg_atom::value, LegEvent::progress({}));
  return Done{};
}

Result<Done> LocalTech::answer(const channel::LocalMedia&) {
  caf::anon_send(first_half_, leg_atom::value, LegEvent::answered({}, {}));
  return Done{};
}

void LocalTech::hangup(channel::HangupCause cause) {
  caf::anon_send(first_half_, leg_atom::value, LegEvent::ended(static_cast<uint8_t>(cause)));
}

Result<Done> LocalTech::send_dtmf(char, std::chrono::milliseconds) {
  return Failure{ErrorCode::failed_precondition,
                 "a Local half has no far end of its own: its keys are RFC 4733 on the shared "
                 "endpoint"};
}

}  // namespace tandem::signaling
