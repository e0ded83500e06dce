#pragma once

#include <caf/all.hpp>

#include <memory>
#include <string>

#include "libs/common/clock.hpp"
#include "libs/sip/transaction/transaction_layer.hpp"
#include "libs/sip/transport/sip_stack.hpp"
#include "services/signaling/call_metrics.hpp"
#include "services/signaling/calls.hpp"
#include "services/signaling/channel/channel_identity.hpp"
#include "services/signaling/dialplan/dialplan.hpp"
#include "services/signaling/media_nodes.hpp"
#include "services/signaling/sip_inbound_tech.hpp"

namespace tandem::signaling {

// What a channel actor is told by the SIP side of its call.
using ack_atom = caf::atom_constant<caf::atom("ack")>;
using bye_atom = caf::atom_constant<caf::atom("bye")>;
using cancel_atom = caf::atom_constant<caf::atom("cancel")>;
using reinvite_atom = caf::atom_constant<caf::atom("reinvite")>;
using info_atom = caf::atom_constant<caf::atom("info")>;
/// (media_event_atom, MediaEvent): something happened to one of the call's media endpoints.
using media_event_atom = caf::atom_constant<caf::atom("mediaevent")>;
/// The node is stopping: the call ends now (a BYE, or a final response).
using shutdown_atom = caf::atom_constant<caf::atom("shutdown")>;

/// What every channel of a node shares; it outlives the channels (SignalingRole::stop
/// waits for them).
struct CallServices {
  sip::SipStack& stack;
  Calls& calls;
  MediaNodes& media;
  std::shared_ptr<const dialplan::Dialplan> dialplan;
  channel::UniqueIdSource& ids;
  channel::ChannelNamer& names;
  CallMetrics& metrics;
  const Clock& clock;
};

/// A new inbound SIP call, as the router hands it over.
struct InboundCall {
  sip::ServerTransactionId transaction;
  sip::SipMessage invite;
  sip::TransportAddress source;
  LocalSipAddress local;
  std::string user;       // the authenticated caller, or the From user when not authenticated
  std::string extension;  // the Request-URI user: what the dialplan routes
};

/// Spawns the channel actor of an inbound SIP leg. It owns the channel (identity, state
/// machine, variables), runs the dialplan from `default` at the dialed extension, anchors
/// the media on a media node, and ends the leg on BYE, CANCEL, Hangup or the end of the
/// dialplan. Messages from the SIP side: (ack_atom), (bye_atom, ServerTransactionId,
/// SipMessage), (cancel_atom), (reinvite_atom, ServerTransactionId, SipMessage).
caf::actor spawn_inbound_channel(caf::actor_system& system, CallServices services,
                                 InboundCall call);

}  // namespace tandem::signaling

// Local-only message types (never serialized).
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::sip::SipMessage)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::sip::ServerTransactionId)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::v1::MediaEvent)
