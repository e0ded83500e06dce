#include "services/signaling/local_tech.hpp"

#include "services/signaling/channel_messages.hpp"

namespace tandem::signaling {

Result<Done> LocalTech::ring() {
  caf::anon_send(first_half_, leg_ringing_atom::value);
  return Done{};
}

Result<Done> LocalTech::progress(const channel::LocalMedia&) {
  // No endpoint of its own: the dialing channel's endpoint already carries the media.
  caf::anon_send(first_half_, leg_progress_atom::value, std::string());
  return Done{};
}

Result<Done> LocalTech::answer(const channel::LocalMedia&) {
  caf::anon_send(first_half_, leg_answered_atom::value, std::string(), std::string());
  return Done{};
}

void LocalTech::hangup(channel::HangupCause cause) {
  caf::anon_send(first_half_, leg_ended_atom::value, static_cast<uint8_t>(cause));
}

}  // namespace tandem::signaling
