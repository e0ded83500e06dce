#pragma once

#include <caf/all.hpp>

#include <optional>
#include <string>

#include "libs/sdp/offer_answer.hpp"
#include "services/signaling/call_services.hpp"
#include "services/signaling/channel/channel.hpp"

namespace tandem::signaling {

/// A Dial leg that is only an endpoint on the dialing channel's media node, without
/// signaling, answered as soon as the endpoint exists:
/// - `UnicastRTP/host:port` (Asterisk's chan_rtp): RTP to that address in the caller's
///   codec (symmetric RTP: it follows where packets come from once some arrive);
/// - `AudioSocket/host:port[/uuid]` (Asterisk's chan_audiosocket): a connection the media
///   node opens to an AudioSocket service, which gets the UUID first (a random one when
///   none is given); the service hanging up ends the leg.
struct EndpointLegCall {
  caf::actor parent;  // the dialing channel
  std::string linked_id;
  channel::CallerProfile caller;
  std::string tech;      // "UnicastRTP" or "AudioSocket"
  std::string resource;  // host:port, and /uuid for AudioSocket
  MediaNode node;        // the dialing channel's
  sdp::AudioCodec codec;
  std::optional<int> telephone_event;
};

/// Spawns such a leg (`UnicastRTP/127.0.0.1:5000-0000000c`, `AudioSocket/...`). It tells
/// the parent LegEvent::answered (endpoint, name) once the endpoint exists, or
/// LegEvent::ended (cause) when it cannot be or is gone; the parent ends it with
/// (hangup_atom, cause), or by going away.
caf::actor spawn_endpoint_leg(caf::actor_system& system, const CallServices& services,
                              EndpointLegCall call);

}  // namespace tandem::signaling
