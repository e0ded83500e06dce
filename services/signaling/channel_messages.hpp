#pragma once

#include <caf/all.hpp>

#include "libs/sip/message.hpp"
#include "libs/sip/transaction/transaction_layer.hpp"
#include "tandem/v1/media.pb.h"

namespace tandem::signaling {

// What a channel actor is told by the SIP side of its leg.
using ack_atom = caf::atom_constant<caf::atom("ack")>;
using bye_atom = caf::atom_constant<caf::atom("bye")>;
using cancel_atom = caf::atom_constant<caf::atom("cancel")>;
using reinvite_atom = caf::atom_constant<caf::atom("reinvite")>;
using info_atom = caf::atom_constant<caf::atom("info")>;
/// (response_atom, SipMessage): a response to the INVITE an outbound leg sent.
using response_atom = caf::atom_constant<caf::atom("response")>;
/// (timeout_atom): that INVITE got no final response (Timer B).
using timeout_atom = caf::atom_constant<caf::atom("timeout")>;
/// (media_event_atom, MediaEvent): something happened to one of the call's media endpoints.
using media_event_atom = caf::atom_constant<caf::atom("mediaevent")>;
/// The node is stopping: the call ends now (a BYE, or a final response).
using shutdown_atom = caf::atom_constant<caf::atom("shutdown")>;

// Between a dialing channel and the outbound legs it placed (Dial).
/// (leg_ringing_atom): the far end rings (180, or a 183 without SDP).
using leg_ringing_atom = caf::atom_constant<caf::atom("legring")>;
/// (leg_progress_atom, endpoint_id): early media (183 with SDP) on the leg's endpoint.
using leg_progress_atom = caf::atom_constant<caf::atom("legprog")>;
/// (leg_answered_atom, endpoint_id, channel name): the far end answered.
using leg_answered_atom = caf::atom_constant<caf::atom("legans")>;
/// (leg_ended_atom, Q.850 cause): the leg is over: refused, timed out, or hung up.
using leg_ended_atom = caf::atom_constant<caf::atom("legend")>;
/// (dtmf_atom, digits): keys pressed on the other side of a bridge, to be played toward
/// this leg's far end (RFC 4733 through the media node).
using dtmf_atom = caf::atom_constant<caf::atom("dtmf")>;
/// (hangup_atom, Q.850 cause): the dialing channel ends this leg (CANCEL or BYE).
using hangup_atom = caf::atom_constant<caf::atom("hangup")>;

}  // namespace tandem::signaling

// Local-only message types (never serialized).
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::sip::SipMessage)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::sip::ServerTransactionId)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::v1::MediaEvent)
