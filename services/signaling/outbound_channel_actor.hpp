#pragma once

#include <caf/all.hpp>

#include <optional>
#include <string>

#include "libs/sdp/offer_answer.hpp"
#include "services/signaling/call_services.hpp"
#include "services/signaling/channel/channel.hpp"
#include "services/signaling/channel_messages.hpp"
#include "services/signaling/sip_outbound_tech.hpp"

namespace tandem::signaling {

/// An outbound SIP leg a dialing channel places: to whom, as whom, and where its media
/// goes (the dialing channel's media node, its codec).
struct OutboundCall {
  caf::actor parent;      // the dialing channel: hears how the leg goes
  std::string linked_id;  // the dialing channel's UniqueID
  channel::CallerProfile caller;
  std::string resource;  // "bob", for the name SIP/bob-0000000a
  OutboundTarget target;
  std::string from;              // the caller as the callee sees it, a name-addr without tag
  const LocalSipAddress* local;  // the node's address on the contact's transport
  MediaNode node;
  sdp::AudioCodec codec;
  std::optional<int> telephone_event;
};

/// Spawns the channel actor of an outbound SIP leg. It allocates the leg's media endpoint
/// on the parent's media node, sends the INVITE with that offer, and tells the parent
/// (leg_atom, LegEvent): ringing, progress (endpoint), answered (endpoint, name) and
/// finally ended (cause). The parent ends it with (hangup_atom, cause); the
/// leg also ends when the parent goes away.
caf::actor spawn_outbound_channel(caf::actor_system& system, const CallServices& services,
                                  OutboundCall call);

}  // namespace tandem::signaling
