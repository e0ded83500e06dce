#include "services/signaling/unicast_rtp_actor.hpp"

#include <algorithm>

#include "libs/common/host_port.hpp"
#include "libs/common/logging.hpp"
#include "services/signaling/channel_actor_support.hpp"
#include "services/signaling/channel_messages.hpp"

namespace tandem::signaling {
namespace {

using channel_actor_messages::Continue;

struct UnicastRtpState {
  const CallServices* services = nullptr;
  std::unique_ptr<channel::Channel> channel;
  caf::actor parent;
  MediaNode node;
  std::string target;
  std::string endpoint_id;
  bool creating = false;  // CreateEndpoint is in flight: its answer finishes a dead channel
  std::optional<channel::ChannelState> counted_state;
  std::shared_ptr<spdlog::logger> log = component_logger("calls");
};

using UnicastRtpActor = caf::stateful_actor<UnicastRtpState>;

void publish(UnicastRtpActor* self, const Result<channel::ChannelEvents>& events) {
  auto& state = self->state;
  publish_channel_events(*state.log, "UnicastRTP", *state.channel, state.services->events,
                         state.counted_state, events);
}

/// Ends the channel: the endpoint released, the parent told when `tell_parent`.
void finish(UnicastRtpActor* self, channel::HangupCause cause, bool tell_parent) {
  auto& state = self->state;
  auto& machine = state.channel->machine;
  if (machine.live()) {
    publish(self, machine.hangup(cause));
    if (tell_parent) self->send(state.parent, leg_ended_atom::value, static_cast<uint8_t>(cause));
  }
  if (state.creating) return;  // the endpoint's answer comes back here
  destroy_endpoint(state.node, state.endpoint_id, state.log);
  state.services->calls.remove({}, std::nullopt, state.channel->unique_id);
  publish(self, machine.advance(channel::ChannelState::cs_reporting));
  state.log->info("call record: {} {} linked {} to {} answered={} cause={}",
                  state.channel->unique_id, state.channel->name, state.channel->linked_id,
                  state.target, machine.has(channel::ChannelFlag::answered),
                  channel::cause_name(machine.cause()).value_or("NONE"));
  publish(self, machine.advance(channel::ChannelState::cs_destroy));
  self->quit();
}

void create_endpoint(UnicastRtpActor* self, const UnicastRtpCall& call, const HostPort& target) {
  auto& state = self->state;
  auto request = rtp_endpoint_request(state.channel->unique_id, {call.codec}, call.telephone_event);
  request.mutable_remote()->set_host(target.host);
  request.mutable_remote()->set_port(target.port);
  auto resume = resumer(self);
  state.creating = true;
  call_media<v1::CreateEndpointRequest, v1::CreateEndpointResponse>(
      [stub = state.node.stub](auto* context, auto* q, auto* r, auto done) {
        stub->async()->CreateEndpoint(context, q, r, std::move(done));
      },
      request,
      [self, resume](grpc::Status status, v1::CreateEndpointResponse created) {
        resume([self, status, created = std::move(created)] {
          auto& state = self->state;
          state.creating = false;
          if (status.ok()) state.endpoint_id = created.endpoint_id();
          auto& machine = state.channel->machine;
          if (!machine.live()) return finish(self, machine.cause(), false);
          if (!status.ok()) {
            state.log->warn("{}: media endpoint refused: {}", state.channel->name,
                            status.error_message());
            return finish(self, channel::HangupCause::normal_temporary_failure, true);
          }
          publish(self, machine.advance(channel::ChannelState::cs_consume_media));
          publish(self, machine.answer());
          self->send(state.parent, leg_answered_atom::value, state.endpoint_id,
                     state.channel->name);
        });
      });
}

caf::behavior unicast_rtp(UnicastRtpActor* self, const CallServices* shared, UnicastRtpCall call) {
  const CallServices& services = *shared;
  auto& state = self->state;
  state.services = &services;
  state.channel = std::make_unique<channel::Channel>(
      services.ids.next(), services.names.name("UnicastRTP", call.target),
      channel::ChannelStateMachine::Direction::outbound, services.clock.now());
  state.channel->linked_id = std::move(call.linked_id);
  state.channel->caller = std::move(call.caller);
  state.parent = call.parent;
  state.node = call.node;
  state.target = call.target;
  publish_new_channel("UnicastRTP", *state.channel, services.events, state.counted_state);
  publish(self, state.channel->machine.advance(channel::ChannelState::cs_init));
  publish(self, state.channel->machine.advance(channel::ChannelState::cs_routing));
  // In Calls, so that a stopping node waits for it too.
  services.calls.add_channel(state.channel->unique_id, caf::actor_cast<caf::actor>(self));
  self->monitor(state.parent);
  self->set_down_handler(
      [self](const caf::down_msg&) { finish(self, channel::HangupCause::normal_clearing, false); });
  const auto target = parse_host_port(call.target);
  if (!target || target.value().port == 0) {
    state.log->warn("{}: UnicastRTP needs host:port, got '{}'", state.channel->name, call.target);
    finish(self, channel::HangupCause::invalid_number_format, true);
  } else if (std::none_of(services.outbound_allow.begin(), services.outbound_allow.end(),
                          [&](const Cidr& cidr) { return cidr.contains(target.value().host); })) {
    state.log->warn("{}: not sending RTP to {}: outside signaling.calls.outbound_allow",
                    state.channel->name, call.target);
    finish(self, channel::HangupCause::call_rejected, true);
  } else {
    create_endpoint(self, call, target.value());
  }
  return {
      [self](hangup_atom, uint8_t cause) {
        finish(self, static_cast<channel::HangupCause>(cause), false);
      },
      [self](shutdown_atom) { finish(self, channel::HangupCause::normal_clearing, true); },
      [](media_event_atom, const v1::MediaEvent&) {},
      [self](dtmf_atom, const std::string& digits) {
        auto& state = self->state;
        if (state.channel->machine.live())
          send_dtmf(state.node, state.endpoint_id, digits, state.log);
      },
      [](resume_atom, Continue& work) { work.run(); },
  };
}

}  // namespace

caf::actor spawn_unicast_rtp(caf::actor_system& system, const CallServices& services,
                             UnicastRtpCall call) {
  return system.spawn(unicast_rtp, &services, std::move(call));
}

}  // namespace tandem::signaling
