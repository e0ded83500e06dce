#include "services/signaling/outbound_channel_actor.hpp"

#include "libs/common/logging.hpp"
#include "services/signaling/channel_actor_support.hpp"

namespace tandem::signaling {
namespace {

using channel_actor_messages::Continue;
using give_up_atom = caf::atom_constant<caf::atom("giveup")>;

/// How long a cancelled leg waits for its INVITE's final response (Timer B, 64 x T1).
constexpr auto kCancelGrace = std::chrono::seconds(32);

struct OutboundState {
  std::optional<CallServices> services;
  std::optional<OutboundCall> call;
  std::unique_ptr<channel::Channel> channel;
  std::unique_ptr<SipOutboundTech> tech;
  std::string endpoint_id;
  std::optional<channel::LocalMedia> media;
  std::optional<sip::DialogId> dialog;
  std::optional<channel::ChannelState> counted_state;
  bool creating = false;     // CreateEndpoint is in flight: its answer finishes a dead leg
  bool parent_told = false;  // (leg_ended_atom) went out
  bool ringing_told = false;
  std::shared_ptr<spdlog::logger> log = component_logger("calls");
};

using OutboundActor = caf::stateful_actor<OutboundState>;

void publish(OutboundActor* self, const Result<channel::ChannelEvents>& events) {
  auto& state = self->state;
  publish_channel_events(*state.log, "SIP", *state.channel, state.services->metrics,
                         state.counted_state, events);
}

void tell_parent_ended(OutboundActor* self, channel::HangupCause cause) {
  auto& state = self->state;
  if (std::exchange(state.parent_told, true)) return;
  self->send(state.call->parent, leg_ended_atom::value, static_cast<uint8_t>(cause));
}

void release_endpoint(OutboundActor* self) {
  auto& state = self->state;
  if (!state.endpoint_id.empty()) {
    v1::DestroyEndpointRequest request;
    request.set_endpoint_id(state.endpoint_id);
    call_media<v1::DestroyEndpointRequest, v1::DestroyEndpointResponse>(
        [stub = state.call->node.stub](auto* context, auto* q, auto* r, auto done) {
          stub->async()->DestroyEndpoint(context, q, r, std::move(done));
        },
        request,
        [log = state.log, id = state.endpoint_id](grpc::Status status, auto) {
          if (!status.ok())
            log->warn("destroying media endpoint {}: {}", id, status.error_message());
        });
    state.endpoint_id.clear();
  }
}

/// The end of the leg: its endpoint released, the call record written, the actor gone.
void finish(OutboundActor* self) {
  auto& state = self->state;
  auto& channel = *state.channel;
  release_endpoint(self);
  state.services->calls.remove(state.tech ? state.tech->invite_key() : std::string(), state.dialog,
                               channel.unique_id);
  if (channel.machine.live())
    publish(self, channel.machine.hangup(channel::HangupCause::normal_clearing));
  publish(self, channel.machine.advance(channel::ChannelState::cs_reporting));
  state.log->info("call record: {} {} linked {} to {} answered={} cause={}", channel.unique_id,
                  channel.name, channel.linked_id, state.call->target.request_uri,
                  channel.machine.has(channel::ChannelFlag::answered),
                  channel::cause_name(channel.machine.cause()).value_or("NONE"));
  publish(self, channel.machine.advance(channel::ChannelState::cs_destroy));
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
    release_endpoint(self);
    self->delayed_send(self, kCancelGrace, give_up_atom::value);
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
  auto resume = resumer(self);
  call_media<v1::UpdateEndpointRequest, v1::UpdateEndpointResponse>(
      [stub = state.call->node.stub](auto* context, auto* q, auto* r, auto done) {
        stub->async()->UpdateEndpoint(context, q, r, std::move(done));
      },
      request,
      [self, resume, then = std::move(then)](grpc::Status status, v1::UpdateEndpointResponse) {
        resume([self, status, then] {
          if (!self->state.channel->machine.live()) return;
          if (!status.ok()) {
            self->state.log->warn("{}: the media node refused the callee's address: {}",
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
  if (state.tech->answered() && !state.dialog) {
    state.dialog = state.tech->dialog()->id();
    state.services->calls.add_dialog(*state.dialog, caf::actor_cast<caf::actor>(self));
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
        self->send(state.call->parent, leg_ringing_atom::value);
      return;
    case Kind::early_media:
      update_remote(self, *outcome.audio, [self] {
        auto& state = self->state;
        publish(self, state.channel->machine.pre_answer());
        self->send(state.call->parent, leg_progress_atom::value, state.endpoint_id);
      });
      return;
    case Kind::answered: {
      const bool same_codec =
          outcome.audio &&
          std::any_of(outcome.audio->codecs.begin(), outcome.audio->codecs.end(),
                      [&](const sdp::AudioCodec& codec) {
                        return codec.payload_type == state.call->codec.payload_type;
                      });
      if (!same_codec) {
        state.log->warn("{}: the callee answered without the offered codec", channel.name);
        return hangup(self, channel::HangupCause::bearercapability_notimpl, true);
      }
      update_remote(self, *outcome.audio, [self] {
        auto& state = self->state;
        publish(self, state.channel->machine.answer());
        self->send(state.call->parent, leg_answered_atom::value, state.endpoint_id,
                   state.channel->name);
      });
      return;
    }
    case Kind::failed:
      state.log->info("{}: the callee answered {}", channel.name, outcome.status);
      return hangup(self, channel::cause_for_sip_status(outcome.status), false);
  }
}

/// Allocates the leg's endpoint on the parent's media node, then sends the INVITE.
void place(OutboundActor* self) {
  auto& state = self->state;
  const auto& call = *state.call;
  v1::CreateEndpointRequest request;
  request.set_kind(v1::ENDPOINT_KIND_RTP);
  request.set_call_id(state.channel->unique_id);
  auto* codec = request.add_offered_codecs();
  codec->set_payload_type(static_cast<uint32_t>(call.codec.payload_type));
  codec->set_encoding(call.codec.encoding);
  codec->set_clock_rate(call.codec.clock_rate);
  if (call.telephone_event) {
    auto* events = request.add_offered_codecs();
    events->set_payload_type(static_cast<uint32_t>(*call.telephone_event));
    events->set_encoding("telephone-event");
    events->set_clock_rate(8000);
  }
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
            state.log->warn("{}: media endpoint refused: {}", channel.name, status.error_message());
            return hangup(self, channel::HangupCause::normal_temporary_failure, false);
          }
          const auto& call = *state.call;
          state.tech = std::make_unique<SipOutboundTech>(state.services->stack, call.target,
                                                         call.local, call.from);
          sdp::OriginCounter origin(sip::random_token(), call.local.host);
          sdp::LocalAudio local{created.local().host(),
                                static_cast<uint16_t>(created.local().port()),
                                {call.codec},
                                call.telephone_event,
                                sdp::Direction::sendrecv,
                                false};
          state.services->calls.add_invite(state.tech->invite_key(),
                                           caf::actor_cast<caf::actor>(self));
          publish(self, channel.machine.advance(channel::ChannelState::cs_routing));
          if (auto sent = state.tech->invite(sdp::make_offer(origin.next(), local)); !sent) {
            state.log->warn("{}: cannot send the INVITE: {}", channel.name, sent.failure().message);
            return hangup(self, channel::HangupCause::normal_temporary_failure, false);
          }
          publish(self, channel.machine.advance(channel::ChannelState::cs_consume_media));
        });
      });
}

caf::behavior outbound_channel(OutboundActor* self, CallServices services, OutboundCall call) {
  auto& state = self->state;
  state.services.emplace(services);
  state.channel = std::make_unique<channel::Channel>(
      services.ids.next(), services.names.name("SIP", call.resource),
      channel::ChannelStateMachine::Direction::outbound, services.clock.now());
  state.channel->linked_id = call.linked_id;
  state.channel->caller = call.caller;
  state.channel->caller.network_address = call.target.address.ip;
  state.call.emplace(std::move(call));
  services.metrics.moved("SIP", std::nullopt, channel::ChannelState::cs_new);
  state.counted_state = channel::ChannelState::cs_new;
  publish(self, state.channel->machine.advance(channel::ChannelState::cs_init));
  services.calls.add_channel(state.channel->unique_id, caf::actor_cast<caf::actor>(self));
  self->monitor(state.call->parent);
  self->set_down_handler([self](const caf::down_msg& down) {
    if (down.source == self->state.call->parent)
      hangup(self, channel::HangupCause::normal_clearing, true);
  });
  place(self);
  return {
      [self](response_atom, const sip::SipMessage& response) { on_response(self, response); },
      [self](timeout_atom) {
        auto& state = self->state;
        if (!state.channel->machine.live()) return finish(self);
        state.log->info("{}: no final response to the INVITE", state.channel->name);
        hangup(self, channel::HangupCause::recovery_on_timer_expire, false);
      },
      [self](hangup_atom, uint8_t cause) {
        hangup(self, static_cast<channel::HangupCause>(cause), true);
      },
      [self](shutdown_atom) { hangup(self, channel::HangupCause::normal_clearing, true); },
      [self](give_up_atom) { finish(self); },
      [self](bye_atom, const sip::ServerTransactionId& transaction, const sip::SipMessage& bye) {
        auto& state = self->state;
        if (!state.tech || !state.tech->accept_in_dialog(bye)) {
          if (state.tech) state.tech->respond(transaction, bye, 500);
          return;
        }
        state.tech->respond(transaction, bye, 200);
        hangup(self, channel::HangupCause::normal_clearing, false);
      },
      [self](reinvite_atom, const sip::ServerTransactionId& transaction,
             const sip::SipMessage& invite) {
        // A new offer from the callee (hold, a new address) is not taken yet: the session
        // stays as it is (RFC 3261 14.2: 488 leaves it unchanged).
        if (self->state.tech) self->state.tech->respond(transaction, invite, 488);
      },
      [self](info_atom, const sip::ServerTransactionId& transaction, const sip::SipMessage& info) {
        if (self->state.tech) self->state.tech->respond(transaction, info, 200);
      },
      [](ack_atom) {},
      [self](media_event_atom, const v1::MediaEvent& event) {
        auto& state = self->state;
        auto& channel = *state.channel;
        if (!channel.machine.live()) return;
        if (event.has_dtmf() && !event.dtmf().digit().empty()) {
          publish(self, channel.machine.dtmf(event.dtmf().digit()[0]));
        } else if (event.has_timeout() && event.endpoint_id() == state.endpoint_id &&
                   channel.machine.has(channel::ChannelFlag::answered)) {
          state.log->info("{}: no RTP from the callee for {} ms", channel.name,
                          event.timeout().silent_ms());
          hangup(self, channel::HangupCause::recovery_on_timer_expire, true);
        }
      },
      [](resume_atom, Continue& work) { work.run(); },
  };
}

}  // namespace

caf::actor spawn_outbound_channel(caf::actor_system& system, CallServices services,
                                  OutboundCall call) {
  return system.spawn(outbound_channel, std::move(services), std::move(call));
}

}  // namespace tandem::signaling
