#include "services/signaling/outbound_channel_actor.hpp"

#include "libs/common/logging.hpp"
#include "services/signaling/channel_actor_support.hpp"

namespace tandem::signaling {
namespace {

using channel_actor_messages::Continue;

/// How long an INVITE lives: a cancelled one waits this long for its final response (Timer
/// B), an answered one gets retransmissions of its 2xx this long (64 x T1).
constexpr auto kInviteLifetime = std::chrono::seconds(32);
/// RFC 3261 13.3.1.4: a 2xx goes out again at T1, 2*T1, ... up to T2.
constexpr auto kT1 = std::chrono::milliseconds(500);
constexpr auto kT2 = std::chrono::milliseconds(4000);

/// A held call keeps one of these per outbound leg, next to CAF's actor (1 kB): it is kept
/// small enough that the two fit jemalloc's 1,280-byte size class (docs/benchmarks.md).
struct OutboundState {
  const CallServices* services = nullptr;
  std::unique_ptr<OutboundCall> call;  // until the INVITE is out
  caf::actor parent;
  MediaNode node;
  std::unique_ptr<channel::Channel> channel;
  std::unique_ptr<SipOutboundTech> tech;
  std::string endpoint_id;
  channel::LocalMedia media;  // the endpoint and the codec offered; port 0 until it exists
  std::optional<channel::ChannelState> counted_state;
  bool dialog_registered = false;  // in Calls, under the tech's dialog id
  bool creating = false;           // CreateEndpoint is in flight: its answer finishes a dead leg
  bool parent_told = false;        // LegEvent::ended went out
  bool ringing_told = false;
};

using OutboundActor = caf::stateful_actor<OutboundState>;
// CAF allocates the actor behind a 64-byte control block (caf::actor_storage).
static_assert(sizeof(OutboundActor) + 64 <= 1280,
              "a held call's leg no longer fits jemalloc's 1,280-byte size class");

void settle(OutboundActor* self);
void retransmit(OutboundActor* self, int64_t interval, int64_t spent);

void publish(OutboundActor* self, const Result<channel::ChannelEvents>& events) {
  auto& state = self->state;
  publish_channel_events(*state.services->log, "SIP", *state.channel, state.services->events,
                         state.counted_state, events);
}

void tell_parent_ended(OutboundActor* self, channel::HangupCause cause) {
  auto& state = self->state;
  if (std::exchange(state.parent_told, true)) return;
  self->send(state.parent, leg_atom::value, LegEvent::ended(static_cast<uint8_t>(cause)));
}

/// The end of the leg: its endpoint released, the call record written, the actor gone.
void finish(OutboundActor* self) {
  auto& state = self->state;
  auto& channel = *state.channel;
  destroy_endpoint(state.node, state.endpoint_id, state.services->log);
  const auto dialog =
      state.dialog_registered ? std::optional(state.tech->dialog()->id()) : std::nullopt;
  state.services->calls.remove(state.tech ? state.tech->invite_key() : std::string(), dialog,
                               channel.unique_id);
  if (channel.machine.live())
    publish(self, channel.machine.hangup(channel::HangupCause::normal_clearing));
  publish(self, channel.machine.advance(channel::ChannelState::cs_reporting));
  state.services->log->info("call record: {} {} linked {} to {} answered={} cause={}",
                            channel.unique_id, channel.name, channel.linked_id,
                            state.tech   ? state.tech->request_uri()
                            : state.call ? state.call->target.request_uri
                                         : std::string(),
                            channel.machine.has(channel::ChannelFlag::answered),
                            channel::cause_name(channel.machine.cause()).value_or("NONE"));
  publish(self, channel.machine.advance(channel::ChannelState::cs_destroy));
  // A leg whose 2xx crossed its CANCEL (a Dial's loser) may still get a 2xx from another
  // fork. (Keeping every answered leg too cost a call-rate benchmark 10% of its CPU and its
  // p99: their later forks stay unanswered.)
  if (!channel.machine.has(channel::ChannelFlag::answered))
    state.services->late_forks.keep(std::move(state.tech));
  self->quit();
}

/// Ends the leg: toward the callee (CANCEL or BYE) when `tell_far_end`, and toward the
/// parent with `cause`. A cancelled INVITE is waited for, so that a 2xx crossing the CANCEL
/// is acknowledged and ended.
void hangup(OutboundActor* self, channel::HangupCause cause, bool tell_far_end) {
  auto& state = self->state;
  if (!state.channel->machine.live()) return;
  publish(self, state.channel->machine.hangup(cause));
  tell_parent_ended(self, cause);
  if (tell_far_end && state.tech) state.tech->hangup(cause);
  if (state.creating) return;  // the endpoint's answer finishes the leg
  if (state.tech && !state.tech->finished() && !state.tech->answered()) {
    destroy_endpoint(state.node, state.endpoint_id, state.services->log);
    later(self, kInviteLifetime, [self] { finish(self); });
    return;
  }
  finish(self);
}

/// Points the leg's endpoint at the callee's media, then runs `then` on the actor.
void update_remote(OutboundActor* self, const sdp::AudioStream& audio, std::function<void()> then) {
  auto& state = self->state;
  v1::UpdateEndpointRequest request;
  request.set_endpoint_id(state.endpoint_id);
  request.mutable_remote()->set_host(audio.address);
  request.mutable_remote()->set_port(audio.port);
  // The callee's answer (183 or 2xx) says whether it takes RFC 4733 events.
  request.set_telephone_events(audio.telephone_event ? v1::TELEPHONE_EVENTS_ON
                                                     : v1::TELEPHONE_EVENTS_OFF);
  auto resume = resumer(self);
  call_media<v1::UpdateEndpointRequest, v1::UpdateEndpointResponse>(
      [stub = state.node.stub](auto* context, auto* q, auto* r, auto done) {
        stub->async()->UpdateEndpoint(context, q, r, std::move(done));
      },
      request,
      [self, resume, then = std::move(then)](grpc::Status status, v1::UpdateEndpointResponse) {
        resume([self, status, then] {
          if (!self->state.channel->machine.live()) return;
          if (!status.ok()) {
            self->state.services->log->warn("{}: the media node refused the callee's address: {}",
                                            self->state.channel->name, status.error_message());
            return hangup(self, channel::HangupCause::normal_temporary_failure, true);
          }
          then();
        });
      });
}

void on_response(OutboundActor* self, const sip::SipMessage& response) {
  auto& state = self->state;
  if (!state.tech) return;
  const auto outcome = state.tech->on_response(response);
  if (state.tech->answered() && !state.dialog_registered) {
    state.services->calls.add_dialog(state.tech->dialog()->id(), caf::actor_cast<caf::actor>(self));
    state.dialog_registered = true;
  }
  auto& channel = *state.channel;
  if (!channel.machine.live()) {
    if (state.tech->finished()) finish(self);  // the final response a cancelled leg waited for
    return;
  }
  using Kind = InviteOutcome::Kind;
  switch (outcome.kind) {
    case Kind::nothing: return;
    case Kind::ringing:
      publish(self, channel.machine.ring_ready());
      if (!std::exchange(state.ringing_told, true))
        self->send(state.parent, leg_atom::value, LegEvent::ringing());
      return;
    case Kind::early_media:
      update_remote(self, *outcome.audio, [self] {
        auto& state = self->state;
        publish(self, state.channel->machine.pre_answer());
        self->send(state.parent, leg_atom::value, LegEvent::progress(state.endpoint_id));
      });
      return;
    case Kind::answered: {
      const bool same_codec =
          outcome.audio &&
          std::any_of(outcome.audio->codecs.begin(), outcome.audio->codecs.end(),
                      [&](const sdp::AudioCodec& codec) {
                        return codec.payload_type == state.media.codec.payload_type;
                      });
      if (!same_codec) {
        state.services->log->warn("{}: the callee answered without the offered codec",
                                  channel.name);
        return hangup(self, channel::HangupCause::bearercapability_notimpl, true);
      }
      // RFC 4733 toward the callee only if its answer kept telephone-event; else INFO.
      if (!outcome.audio->telephone_event) state.media.telephone_event.reset();
      // Retransmissions of the 2xx come for 64*T1 (32 s); then the INVITE is over.
      later(self, kInviteLifetime, [self] { settle(self); });
      update_remote(self, *outcome.audio, [self] {
        auto& state = self->state;
        publish(self, state.channel->machine.answer());
        self->send(state.parent, leg_atom::value,
                   LegEvent::answered(state.endpoint_id, state.channel->name));
      });
      return;
    }
    case Kind::failed:
      state.services->log->info("{}: the callee answered {}", channel.name, outcome.status);
      return hangup(self, channel::cause_for_sip_status(outcome.status), false);
  }
}

/// A re-INVITE of the callee (RFC 3264 8): hold, taking the call back, or a new address.
/// The leg's endpoint is told first, then the callee gets the answer; the caller's leg is
/// not involved (the media node keeps relaying toward whoever still listens).
void reinvite(OutboundActor* self, const sip::ServerTransactionId& transaction,
              const sip::SipMessage& invite) {
  auto& state = self->state;
  auto* tech = state.tech.get();
  if (tech == nullptr || !tech->answered() || !state.channel->machine.live() ||
      state.media.port == 0) {
    if (tech != nullptr) tech->respond(transaction, invite, 491);
    return;
  }
  if (!tech->accept_in_dialog(invite)) return tech->respond(transaction, invite, 500);
  auto offered = reinvite_offer(invite, state.media.codec.payload_type);
  if (!offered) return tech->respond(transaction, invite, 488);
  const auto request = reinvite_update(state.endpoint_id, offered->audio);
  auto resume = resumer(self);
  call_media<v1::UpdateEndpointRequest, v1::UpdateEndpointResponse>(
      [stub = state.node.stub](auto* context, auto* q, auto* r, auto done) {
        stub->async()->UpdateEndpoint(context, q, r, std::move(done));
      },
      request,
      [self, resume, transaction, invite, offered = std::move(*offered)](
          grpc::Status status, v1::UpdateEndpointResponse) {
        resume([self, status, transaction, invite, offered] {
          const auto& [offer, audio] = offered;
          auto& state = self->state;
          if (!state.channel->machine.live()) return;
          if (!status.ok()) return state.tech->respond(transaction, invite, 488);
          if (!state.tech->answer_reinvite(transaction, invite, offer, audio, state.media)) return;
          const bool held = audio.direction == sdp::Direction::sendonly ||
                            audio.direction == sdp::Direction::inactive;
          publish(self, held ? state.channel->machine.hold() : state.channel->machine.unhold());
          later(self, kT1, [self] { retransmit(self, kT1.count(), 0); });
        });
      });
}

/// The INVITE is over (64*T1 after its 2xx): a CANCEL no longer names the leg, and the tech
/// lets go of what only the INVITE needed.
void settle(OutboundActor* self) {
  auto& state = self->state;
  if (!state.tech) return;
  state.services->calls.forget_invite(state.tech->invite_key());
  state.tech->settle();
}

/// Sends the 200 to the callee's re-INVITE again until its ACK, `interval` ms from now
/// (doubling up to T2), having spent `spent` ms so far.
void retransmit(OutboundActor* self, int64_t interval, int64_t spent) {
  auto& state = self->state;
  if (!state.channel->machine.live() || !state.tech || !state.tech->retransmit_answer()) return;
  if (std::chrono::milliseconds(spent + interval) >= kInviteLifetime) {
    state.services->log->warn("{}: no ACK for the 200 to the callee's re-INVITE; hanging up",
                              state.channel->name);
    return hangup(self, channel::HangupCause::recovery_on_timer_expire, true);
  }
  const int64_t next = std::min<int64_t>(interval * 2, kT2.count());
  later(self, std::chrono::milliseconds(next),
        [self, next, spent = spent + interval] { retransmit(self, next, spent); });
}

/// A request of the callee inside the leg's dialog: ACK, BYE, re-INVITE or INFO.
void in_dialog(OutboundActor* self, const sip::ServerTransactionId& transaction,
               const sip::SipMessage& request) {
  auto& state = self->state;
  if (!state.tech) return;
  if (request.method() == sip::Method::ack) return state.tech->acknowledged();
  if (request.method() == sip::Method::invite) return reinvite(self, transaction, request);
  const auto asked = answer_bye_or_info(*state.tech, transaction, request);
  if (asked.hang_up) return hangup(self, channel::HangupCause::normal_clearing, false);
  if (!asked.key || !state.channel->machine.live()) return;
  state.services->metrics.dtmf("info");
  publish(self, state.channel->machine.dtmf(*asked.key));
  self->send(state.parent, dtmf_atom::value, std::string(1, *asked.key), false);
}

/// Allocates the leg's endpoint on the parent's media node, then sends the INVITE.
void place(OutboundActor* self) {
  auto& state = self->state;
  const auto& call = *state.call;
  auto request = rtp_endpoint_request(state.channel->unique_id, {call.codec}, call.telephone_event);
  auto resume = resumer(self);
  state.creating = true;
  call_media<v1::CreateEndpointRequest, v1::CreateEndpointResponse>(
      [stub = call.node.stub](auto* context, auto* q, auto* r, auto done) {
        stub->async()->CreateEndpoint(context, q, r, std::move(done));
      },
      request,
      [self, resume](grpc::Status status, v1::CreateEndpointResponse created) {
        resume([self, status, created = std::move(created)] {
          auto& state = self->state;
          auto& channel = *state.channel;
          state.creating = false;
          if (status.ok()) state.endpoint_id = created.endpoint_id();
          if (!channel.machine.live()) return finish(self);
          if (!status.ok()) {
            state.services->log->warn("{}: media endpoint refused: {}", channel.name,
                                      status.error_message());
            return hangup(self, channel::HangupCause::normal_temporary_failure, false);
          }
          auto& call = *state.call;
          state.media = channel::LocalMedia{created.local().host(),
                                            static_cast<uint16_t>(created.local().port()),
                                            call.codec, call.telephone_event};
          // The tech keeps what SIP needs for the rest of the call; the leg does not.
          state.tech = std::make_unique<SipOutboundTech>(
              state.services->stack, std::move(call.target), *call.local, std::move(call.from));
          state.services->calls.add_invite(state.tech->invite_key(),
                                           caf::actor_cast<caf::actor>(self));
          publish(self, channel.machine.advance(channel::ChannelState::cs_routing));
          if (auto sent = state.tech->call(state.media); !sent) {
            state.services->log->warn("{}: cannot send the INVITE: {}", channel.name,
                                      sent.failure().message);
            return hangup(self, channel::HangupCause::normal_temporary_failure, false);
          }
          publish(self, channel.machine.advance(channel::ChannelState::cs_consume_media));
          state.call.reset();
        });
      });
}

caf::behavior outbound_channel(OutboundActor* self, const CallServices* shared, OutboundCall call) {
  const CallServices& services = *shared;
  auto& state = self->state;
  state.services = &services;
  state.channel = std::make_unique<channel::Channel>(
      services.ids.next(), services.names.name("SIP", call.resource),
      channel::ChannelStateMachine::Direction::outbound, services.clock.now());
  state.channel->linked_id = std::move(call.linked_id);
  state.channel->caller = std::move(call.caller);
  state.channel->caller.network_address = call.target.address.ip;
  state.parent = call.parent;
  state.node = call.node;
  state.call = std::make_unique<OutboundCall>(std::move(call));
  publish_new_channel("SIP", *state.channel, services.events, state.counted_state);
  publish(self, state.channel->machine.advance(channel::ChannelState::cs_init));
  services.calls.add_channel(state.channel->unique_id, caf::actor_cast<caf::actor>(self));
  self->monitor(state.parent);
  self->set_down_handler([self](const caf::down_msg& down) {
    if (down.source == self->state.parent)
      hangup(self, channel::HangupCause::normal_clearing, true);
  });
  place(self);
  return {
      [self](response_atom, const sip::SipMessage& response) { on_response(self, response); },
      [self](timeout_atom) {
        auto& state = self->state;
        if (!state.channel->machine.live()) return finish(self);
        state.services->log->info("{}: no final response to the INVITE", state.channel->name);
        hangup(self, channel::HangupCause::recovery_on_timer_expire, false);
      },
      [self](hangup_atom, uint8_t cause) {
        hangup(self, static_cast<channel::HangupCause>(cause), true);
      },
      [self](shutdown_atom) {
        // A leg already ended but still waiting for its INVITE's final response does not
        // hold the node's shutdown up.
        auto& machine = self->state.channel->machine;
        if (self->state.creating) {  // the endpoint's answer ends the leg
          if (machine.live()) publish(self, machine.hangup(channel::HangupCause::normal_clearing));
          return;
        }
        if (!machine.live()) return finish(self);
        hangup(self, channel::HangupCause::normal_clearing, true);
      },
      [self](dtmf_atom, const std::string& digits, bool in_media) {
        auto& state = self->state;
        if (!state.channel->machine.live()) return;
        switch (
            key_path(state.media.telephone_event.has_value(), state.tech != nullptr, in_media)) {
          case KeyPath::none: return;
          case KeyPath::media:
            return send_dtmf(state.node, state.endpoint_id, digits, state.services->log);
          case KeyPath::info: return send_keys_as_info(self, *state.tech, digits);
        }
      },
      [self](in_dialog_atom, const sip::ServerTransactionId& transaction,
             const sip::SipMessage& request) { in_dialog(self, transaction, request); },
      [self](media_event_atom, const v1::MediaEvent& event) {
        auto& state = self->state;
        auto& channel = *state.channel;
        if (!channel.machine.live()) return;
        if (event.has_dtmf() && !event.dtmf().digit().empty()) {
          publish(self, channel.machine.dtmf(event.dtmf().digit()[0]));
          self->send(state.parent, dtmf_atom::value, event.dtmf().digit(), true);
        } else if (event.has_timeout() && event.endpoint_id() == state.endpoint_id &&
                   channel.machine.has(channel::ChannelFlag::answered)) {
          state.services->log->info("{}: no RTP from the callee for {} ms", channel.name,
                                    event.timeout().silent_ms());
          hangup(self, channel::HangupCause::recovery_on_timer_expire, true);
        }
      },
      [](resume_atom, Continue& work) { work.run(); },
  };
}

}  // namespace

caf::actor spawn_outbound_channel(caf::actor_system& system, const CallServices& services,
                                  OutboundCall call) {
  return system.spawn(outbound_channel, &services, std::move(call));
}

}  // namespace tandem::signaling
