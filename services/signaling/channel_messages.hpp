#pragma once

#include <caf/all.hpp>

#include <cstdint>
#include <string>

#include "libs/sip/message.hpp"
#include "libs/sip/transaction/transaction_layer.hpp"
#include "tandem/v1/media.pb.h"

namespace tandem::signaling {

// A channel actor's messages are few and carry what differs, because CAF keeps a copy of
// the behavior (about 40 bytes per message type it handles) in every actor: one per leg
// of every held call.

// What a channel actor is told by the SIP side of its leg.
/// (in_dialog_atom, ServerTransactionId, SipMessage): an ACK (with an empty transaction),
/// BYE, re-INVITE or INFO of the far end, inside the leg's dialog.
using in_dialog_atom = caf::atom_constant<caf::atom("indialog")>;
/// (cancel_atom): the caller cancelled the INVITE.
using cancel_atom = caf::atom_constant<caf::atom("cancel")>;
/// (response_atom, SipMessage): a response to the INVITE an outbound leg sent.
using response_atom = caf::atom_constant<caf::atom("response")>;
/// (timeout_atom): that INVITE got no final response (Timer B).
using timeout_atom = caf::atom_constant<caf::atom("timeout")>;
/// (media_event_atom, MediaEvent): something happened to one of the call's media endpoints.
using media_event_atom = caf::atom_constant<caf::atom("mediaevent")>;
/// The node is stopping: the call ends now (a BYE, or a final response).
using shutdown_atom = caf::atom_constant<caf::atom("shutdown")>;

// Between a dialing channel and the legs it placed (Dial).
/// What a placed leg tells the channel that dialed it.
struct LegEvent {
  enum class Kind : uint8_t {
    ringing,   // the far end rings (180, or a 183 without SDP)
    progress,  // early media (183 with SDP) on the leg's endpoint
    answered,  // the far end answered
    ended,     // the leg is over: refused, timed out, or hung up
  };
  Kind kind = Kind::ringing;
  std::string endpoint;  // progress, answered: the leg's endpoint ("" for a Local pair)
  std::string name;      // answered: the leg's channel name
  uint8_t cause = 0;     // ended: the Q.850 cause

  static LegEvent ringing() { return {}; }
  static LegEvent progress(std::string endpoint) {
    return {Kind::progress, std::move(endpoint), {}, 0};
  }
  static LegEvent answered(std::string endpoint, std::string name) {
    return {Kind::answered, std::move(endpoint), std::move(name), 0};
  }
  static LegEvent ended(uint8_t cause) { return {Kind::ended, {}, {}, cause}; }
};
/// (leg_atom, LegEvent)
using leg_atom = caf::atom_constant<caf::atom("leg")>;
/// (dtmf_atom, digits, in_media): keys pressed on the other side of a bridge, to be told to
/// this leg's far end the way it agreed (key_path). `in_media`: they came as RFC 4733,
/// which the media node relays across the bridge by itself.
using dtmf_atom = caf::atom_constant<caf::atom("dtmf")>;
/// (hangup_atom, Q.850 cause): the dialing channel ends this leg (CANCEL or BYE).
using hangup_atom = caf::atom_constant<caf::atom("hangup")>;

}  // namespace tandem::signaling

// Local-only message types (never serialized).
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::sip::SipMessage)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::sip::ServerTransactionId)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::v1::MediaEvent)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::signaling::LegEvent)
