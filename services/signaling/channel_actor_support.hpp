#pragma once

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include <functional>
#include <optional>

#include "libs/common/result.hpp"
#include "libs/sdp/offer_answer.hpp"
#include "libs/sip/message.hpp"
#include "libs/sip/transaction/transaction_layer.hpp"
#include "services/signaling/call_metrics.hpp"
#include "services/signaling/channel/channel.hpp"
#include "services/signaling/channel_event_bus.hpp"
#include "services/signaling/dtmf_relay.hpp"
#include "services/signaling/media_nodes.hpp"
#include "tandem/v1/media.pb.h"

namespace tandem::signaling {

namespace channel_actor_messages {

/// Work a gRPC thread finished for a channel actor, to go on with on the actor's thread.
struct Continue {
  std::function<void()> run;
};

}  // namespace channel_actor_messages

/// (resume_atom, Continue): run the work on the actor's thread.
using resume_atom = caf::atom_constant<caf::atom("resume")>;

/// Hands work back to `self`'s thread (a response promise or the actor's state must never
/// be touched from a gRPC thread); dropped once the actor is gone.
template <class Actor>
std::function<void(std::function<void()>)> resumer(Actor* self) {
  return [address = caf::actor_cast<caf::actor_addr>(self)](std::function<void()> work) {
    if (auto actor = caf::actor_cast<caf::actor>(address))
      caf::anon_send(actor, resume_atom::value, channel_actor_messages::Continue{std::move(work)});
  };
}

/// Sends `self` the message `xs` after `delay`, on the node's clock (its ChannelTimers).
template <class Actor, class... Ts>
void after(Actor* self, std::chrono::milliseconds delay, Ts&&... xs) {
  self->state.services->timers.after(delay, caf::actor_cast<caf::actor>(self),
                                     caf::make_message(std::forward<Ts>(xs)...));
}

/// Runs `work` on `self`'s thread after `delay`, on the node's clock; not at all when the
/// actor is gone by then. (A timer is a closure, not a message type of its own: see
/// channel_messages.hpp.)
template <class Actor>
void later(Actor* self, std::chrono::milliseconds delay, std::function<void()> work) {
  after(self, delay, resume_atom::value, channel_actor_messages::Continue{std::move(work)});
}

/// A random (version 4) UUID, for an AudioSocket connection that was not given one.
std::string random_uuid();

/// Destroys `endpoint_id` on `node` (a failure is logged) and clears it; nothing when empty.
void destroy_endpoint(const MediaNode& node, std::string& endpoint_id,
                      std::shared_ptr<spdlog::logger> log);

/// The Media API's name for an SDP direction.
v1::Direction media_direction(sdp::Direction direction);

/// A Media.CreateEndpoint request for an RTP endpoint of channel `call_id` that takes
/// `codecs` (preferred first) and, when given, telephone-event with that payload type.
v1::CreateEndpointRequest rtp_endpoint_request(const std::string& call_id,
                                               const std::vector<sdp::AudioCodec>& codecs,
                                               std::optional<int> telephone_event);

/// A re-INVITE's offer (RFC 3264 8), parsed.
struct ReinviteOffer {
  sdp::SessionDescription offer;
  sdp::AudioStream audio;
};

/// The offer of a re-INVITE that keeps the session's codec (`payload_type`): nothing (a 488)
/// when it is unreadable or drops that codec.
std::optional<ReinviteOffer> reinvite_offer(const sip::SipMessage& invite, int payload_type);

/// What the media node is told for that offer: the peer's address and the answered
/// direction of `endpoint_id`.
v1::UpdateEndpointRequest reinvite_update(const std::string& endpoint_id,
                                          const sdp::AudioStream& audio);

/// What a BYE or INFO of the far end, inside a leg's dialog, asks of the leg.
struct ByeOrInfo {
  bool hang_up = false;     // a BYE: the leg is over
  std::optional<char> key;  // an INFO with a key pressed
};

/// Answers a BYE or INFO of `tech`'s dialog (500 when it breaks the dialog's CSeq order,
/// else 200) and says what it asks of the leg.
template <class Tech>
ByeOrInfo answer_bye_or_info(Tech& tech, const sip::ServerTransactionId& transaction,
                             const sip::SipMessage& request) {
  if (!tech.accept_in_dialog(request)) {
    tech.respond(transaction, request, 500);
    return {};
  }
  tech.respond(transaction, request, 200);
  if (request.method() == sip::Method::bye) return {true, std::nullopt};
  if (request.method() == sip::Method::info) return {false, dtmf_of_info(request)};
  return {};
}

/// How keys from the other side of a bridge reach a leg's far end.
enum class KeyPath {
  none,   // already there: RFC 4733 the media node relayed
  media,  // RFC 4733 played by the media node (Media.SendDtmf)
  info,   // SIP INFO: the far end did not agree on telephone-event
};
inline KeyPath key_path(bool far_end_takes_rfc4733, bool far_end_takes_info, bool in_media) {
  if (far_end_takes_rfc4733 || !far_end_takes_info)
    return in_media ? KeyPath::none : KeyPath::media;
  return KeyPath::info;
}

/// How long a key sent as SIP INFO says it was held; the next key goes that much later.
constexpr auto kInfoKeyDuration = std::chrono::milliseconds(250);

/// Tells `tech`'s far end of `digits` with one INFO per key, kInfoKeyDuration apart, so that
/// each INFO's transaction is over before the next (a receiver answers a CSeq that comes out
/// of order 500, RFC 3261 12.2.2). `tech` must live as long as the actor.
template <class Actor, class Tech>
void send_keys_as_info(Actor* self, Tech& tech, std::string digits) {
  if (digits.empty()) return;
  (void)tech.send_dtmf(digits.front(), kInfoKeyDuration);
  if (digits.size() == 1) return;
  later(self, kInfoKeyDuration, [self, &tech, rest = digits.substr(1)] {
    if (self->state.channel->machine.live()) send_keys_as_info(self, tech, rest);
  });
}

/// Plays `digits` as RFC 4733 events from `endpoint_id` toward its peer (keys that came as
/// SIP INFO on the other leg of a bridge).
void send_dtmf(const MediaNode& node, const std::string& endpoint_id, const std::string& digits,
               std::shared_ptr<spdlog::logger> log);

/// Logs a channel's events and publishes them on the node's bus; `last_state` is the running
/// state the channel was last published in (nothing while new), kept up to date here. A
/// refused change is logged as a warning.
void publish_channel_events(spdlog::logger& log, std::string_view tech,
                            const channel::Channel& channel, const ChannelEventBus& bus,
                            std::optional<channel::ChannelState>& last_state,
                            const Result<channel::ChannelEvents>& events);

/// Publishes a channel that was just made (CHANNEL_STATE CS_NEW).
void publish_new_channel(std::string_view tech, const channel::Channel& channel,
                         const ChannelEventBus& bus,
                         std::optional<channel::ChannelState>& last_state);

}  // namespace tandem::signaling

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::signaling::channel_actor_messages::Continue)
