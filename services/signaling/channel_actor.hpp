#pragma once

#include <caf/all.hpp>

#include <memory>
#include <string>

#include "libs/common/clock.hpp"
#include "libs/sip/transaction/transaction_layer.hpp"
#include "libs/sip/transport/sip_stack.hpp"
#include "services/signaling/call_services.hpp"
#include "services/signaling/channel/channel.hpp"
#include "services/signaling/channel_messages.hpp"
#include "services/signaling/sip_inbound_tech.hpp"

namespace tandem::signaling {

/// A new inbound SIP call, as the router hands it over.
struct InboundCall {
  sip::ServerTransactionId transaction;
  sip::SipMessage invite;
  sip::TransportAddress source;
  const LocalSipAddress* local;  // the node's address on that transport
  std::string user;       // the authenticated caller, or the From user when not authenticated
  std::string extension;  // the Request-URI user: what the dialplan routes
  /// The Request-URI's host and host:port: Dial(SIP/bob) looks up sip:bob@ each in turn.
  std::vector<std::string> domains;
};

/// Spawns the channel actor of an inbound SIP leg. It owns the channel (identity, state
/// machine, variables), runs the dialplan from `default` at the dialed extension, anchors
/// the media on a media node, and ends the leg on BYE, CANCEL, Hangup or the end of the
/// dialplan. Messages from the SIP side: (in_dialog_atom, ServerTransactionId, SipMessage)
/// for ACK, BYE, re-INVITE and INFO, and (cancel_atom); from the legs a Dial placed:
/// (leg_atom, LegEvent) (channel_messages.hpp).
caf::actor spawn_inbound_channel(caf::actor_system& system, const CallServices& services,
                                 InboundCall call);

/// The second half of a Local pair (`Local/600@default-0000001f;2`), as its first half
/// starts it.
struct LocalCall {
  caf::actor first_half;  // hears ringing, progress, answer and the hangup
  std::string name;
  std::string context;
  std::string extension;
  channel::CallerProfile caller;
  std::string linked_id;
  /// The dialing channel's media, which the pair carries on without an endpoint of its own.
  MediaNode node;
  std::string endpoint_id;
  channel::LocalMedia media;
  std::vector<std::string> domains;
};

/// Spawns the dialplan-running half of a Local pair. It ends with the first half, or tells
/// it LegEvent::ended when it hangs up itself.
caf::actor spawn_local_channel(caf::actor_system& system, const CallServices& services,
                               LocalCall call);

}  // namespace tandem::signaling
