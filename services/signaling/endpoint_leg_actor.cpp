#include "services/signaling/endpoint_leg_actor.hpp"

#include <algorithm>

#include "libs/common/host_port.hpp"
#include "libs/common/logging.hpp"
#include "services/signaling/channel_actor_support.hpp"
#include "services/signaling/channel_messages.hpp"

namespace tandem::signaling {
namespace {

using channel_actor_messages::Continue;

struct EndpointLegState {
  const CallServices* services = nullptr;
  std::unique_ptr<channel::Channel> channel;
  std::string_view tech;
  caf::actor parent;
  MediaNode node;
  std::string target;
  std::string endpoint_id;
  bool creating = false;  // CreateEndpoint is in flight: its answer finishes a dead channel
  std::optional<channel::ChannelState> counted_state;
};

using EndpointLegActor = caf::stateful_actor<EndpointLegState>;

void publish(EndpointLegActor* self, const Result<channel::ChannelEvents>& events) {
  auto& state = self->state;
  publish_channel_events(*state.services->log, state.tech, *state.channel, state.services->events,
                         state.counted_state, events);
}

/// Ends the channel: the endpoint released, the parent told when `tell_parent`.
void finish(EndpointLegActor* self, channel::HangupCause cause, bool tell_parent) {
  auto& state = self->state;
  auto& machine = state.channel->machine;
  if (machine.live()) {
    publish(self, machine.hangup(cause));
    if (tell_parent)
      self->send(state.parent, leg_atom::value, LegEvent::ended(static_cast<uint8_t>(cause)));
  }
  if (state.creating) return;  // the endpoint's answer comes back here
  destroy_endpoint(state.node, state.endpoint_id, state.services->log);
  state.services->calls.remove({}, std::nullopt, state.channel->unique_id);
  publish(self, machine.advance(channel::ChannelState::cs_reporting));
  state.services->log->info("call record: {} {} linked {} to {} answered={} cause={}",
                            state.channel->unique_id, state.channel->name, state.channel->linked_id,
                            state.target, machine.has(channel::ChannelFlag::answered),
                            channel::cause_name(machine.cause()).value_or("NONE"));
  publish(self, machine.advance(channel::ChannelState::cs_destroy));
  self->quit();
}

/// The endpoint the leg is: RTP toward `target`, or an AudioSocket connection to it.
v1::CreateEndpointRequest endpoint_request(const EndpointLegCall& call,
                                           const channel::Channel& channel, const HostPort& target,
                                           std::string_view options) {
  if (call.tech == "AudioSocket") {
    v1::CreateEndpointRequest request;
    request.set_kind(v1::ENDPOINT_KIND_AUDIOSOCKET);
    request.set_call_id(channel.unique_id);
    request.set_audiosocket_target(target.to_string());
    request.set_audiosocket_uuid(options.empty() ? random_uuid() : std::string(options));
    return request;
  }
  auto request = rtp_endpoint_request(channel.unique_id, {call.codec}, call.telephone_event);
  request.mutable_remote()->set_host(target.host);
  request.mutable_remote()->set_port(target.port);
  return request;
}

void create_endpoint(EndpointLegActor* self, const v1::CreateEndpointRequest& request) {
  auto& state = self->state;
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
            state.services->log->warn("{}: media endpoint refused: {}", state.channel->name,
                                      status.error_message());
            return finish(self, channel::HangupCause::normal_temporary_failure, true);
          }
          publish(self, machine.advance(channel::ChannelState::cs_consume_media));
          publish(self, machine.answer());
          self->send(state.parent, leg_atom::value,
                     LegEvent::answered(state.endpoint_id, state.channel->name));
        });
      },
      // An AudioSocket endpoint exists once the media node is connected to the service.
      std::chrono::seconds(10));
}

/// What the media node says of the leg's endpoint: only an AudioSocket service's hangup
/// (or failure) matters; a silent UnicastRTP target is no reason to end the call.
void on_media_event(EndpointLegActor* self, const v1::MediaEvent& event) {
  auto& state = self->state;
  if (!event.has_audiosocket_ended() || event.endpoint_id() != state.endpoint_id) return;
  const auto& ended = event.audiosocket_ended();
  state.services->log->info("{}: the AudioSocket service {}", state.channel->name,
                            ended.hangup() ? "hung up" : "failed: " + ended.error());
  finish(self,
         ended.hangup() ? channel::HangupCause::normal_clearing
                        : channel::HangupCause::normal_temporary_failure,
         true);
}

caf::behavior endpoint_leg(EndpointLegActor* self, const CallServices* shared,
                           EndpointLegCall call) {
  const CallServices& services = *shared;
  auto& state = self->state;
  state.services = &services;
  state.tech = call.tech == "AudioSocket" ? "AudioSocket" : "UnicastRTP";
  const size_t slash = call.resource.find('/');
  state.target = call.resource.substr(0, slash);
  const std::string_view options = slash == std::string::npos
                                       ? std::string_view()
                                       : std::string_view(call.resource).substr(slash + 1);
  state.channel = std::make_unique<channel::Channel>(
      services.ids.next(), services.names.name(state.tech, state.target),
      channel::ChannelStateMachine::Direction::outbound, services.clock.now());
  state.channel->linked_id = std::move(call.linked_id);
  state.channel->caller = std::move(call.caller);
  state.parent = call.parent;
  state.node = call.node;
  publish_new_channel(state.tech, *state.channel, services.events, state.counted_state);
  publish(self, state.channel->machine.advance(channel::ChannelState::cs_init));
  publish(self, state.channel->machine.advance(channel::ChannelState::cs_routing));
  // In Calls, so that a stopping node waits for it too.
  services.calls.add_channel(state.channel->unique_id, caf::actor_cast<caf::actor>(self));
  self->monitor(state.parent);
  self->set_down_handler(
      [self](const caf::down_msg&) { finish(self, channel::HangupCause::normal_clearing, false); });
  const auto target = parse_host_port(state.target);
  if (!target || target.value().port == 0) {
    state.services->log->warn("{}: {} needs host:port, got '{}'", state.channel->name, state.tech,
                              state.target);
    finish(self, channel::HangupCause::invalid_number_format, true);
  } else if (std::none_of(services.outbound_allow.begin(), services.outbound_allow.end(),
                          [&](const Cidr& cidr) { return cidr.contains(target.value().host); })) {
    state.services->log->warn("{}: not reaching {}: outside signaling.calls.outbound_allow",
                              state.channel->name, state.target);
    finish(self, channel::HangupCause::call_rejected, true);
  } else {
    create_endpoint(self, endpoint_request(call, *state.channel, target.value(), options));
  }
  return {
      [self](hangup_atom, uint8_t cause) {
        finish(self, static_cast<channel::HangupCause>(cause), false);
      },
      [self](shutdown_atom) { finish(self, channel::HangupCause::normal_clearing, true); },
      [self](media_event_atom, const v1::MediaEvent& event) { on_media_event(self, event); },
      [self](dtmf_atom, const std::string& digits, bool in_media) {
        auto& state = self->state;
        if (state.channel->machine.live() && key_path(true, false, in_media) == KeyPath::media)
          send_dtmf(state.node, state.endpoint_id, digits, state.services->log);
      },
      [](resume_atom, Continue& work) { work.run(); },
  };
}

}  // namespace

caf::actor spawn_endpoint_leg(caf::actor_system& system, const CallServices& services,
                              EndpointLegCall call) {
  return system.spawn(endpoint_leg, &services, std::move(call));
}

}  // namespace tandem::signaling
