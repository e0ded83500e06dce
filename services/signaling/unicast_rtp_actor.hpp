#pragma once

#include <caf/all.hpp>

#include <optional>
#include <string>

#include "libs/sdp/offer_answer.hpp"
#include "services/signaling/call_services.hpp"
#include "services/signaling/channel/channel.hpp"

namespace tandem::signaling {

/// Dial(UnicastRTP/host:port): plain RTP to an address, like Asterisk's chan_rtp: no
/// signaling, answered as soon as its endpoint exists.
struct UnicastRtpCall {
  caf::actor parent;  // the dialing channel
  std::string linked_id;
  channel::CallerProfile caller;
  std::string target;  // host:port
  MediaNode node;      // the dialing channel's
  sdp::AudioCodec codec;
  std::optional<int> telephone_event;
};

/// Spawns a UnicastRTP channel (`UnicastRTP/127.0.0.1:5000-0000000c`): an endpoint on the
/// dialing channel's media node that sends to the target (symmetric RTP: it follows where
/// packets come from once some arrive). It tells the parent (leg_answered_atom, endpoint,
/// name) once the endpoint exists, or (leg_ended_atom, cause) when it cannot be; the
/// parent ends it with (hangup_atom, cause), or by going away.
caf::actor spawn_unicast_rtp(caf::actor_system& system, const CallServices& services,
                             UnicastRtpCall call);

}  // namespace tandem::signaling
