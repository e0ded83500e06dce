#include "services/signaling/local_pair_actor.hpp"

#include "libs/common/logging.hpp"
#include "services/signaling/channel_actor.hpp"
#include "services/signaling/channel_actor_support.hpp"

namespace tandem::signaling {
namespace {

struct LocalPairState {
  const CallServices* services = nullptr;
  std::unique_ptr<channel::Channel> channel;
  caf::actor parent;
  caf::actor second;
  std::optional<channel::ChannelState> counted_state;
};

using LocalPairActor = caf::stateful_actor<LocalPairState>;

void publish(LocalPairActor* self, const Result<channel::ChannelEvents>& events) {
  auto& state = self->state;
  publish_channel_events(*state.services->log, "Local", *state.channel, state.services->events,
                         state.counted_state, events);
}

/// Ends the first half with `cause`; the parent hears it when `tell_parent`.
void finish(LocalPairActor* self, channel::HangupCause cause, bool tell_parent) {
  auto& state = self->state;
  auto& machine = state.channel->machine;
  if (!machine.live()) return;
  publish(self, machine.hangup(cause));
  if (tell_parent)
    self->send(state.parent, leg_atom::value, LegEvent::ended(static_cast<uint8_t>(cause)));
  state.services->calls.remove({}, std::nullopt, state.channel->unique_id);
  publish(self, machine.advance(channel::ChannelState::cs_reporting));
  state.services->log->info("call record: {} {} linked {} answered={} cause={}",
                            state.channel->unique_id, state.channel->name, state.channel->linked_id,
                            machine.has(channel::ChannelFlag::answered),
                            channel::cause_name(machine.cause()).value_or("NONE"));
  publish(self, machine.advance(channel::ChannelState::cs_destroy));
  self->quit();
}

caf::behavior local_pair(LocalPairActor* self, const CallServices* shared, LocalPairCall call) {
  const CallServices& services = *shared;
  auto& state = self->state;
  state.services = &services;
  const auto [first_name, second_name] = services.names.local_pair(call.extension, call.context);
  state.channel = std::make_unique<channel::Channel>(
      services.ids.next(), first_name, channel::ChannelStateMachine::Direction::outbound,
      services.clock.now());
  state.channel->linked_id = call.linked_id;
  state.channel->caller = call.caller;
  state.parent = call.parent;
  publish_new_channel("Local", *state.channel, services.events, state.counted_state);
  auto& machine = state.channel->machine;
  publish(self, machine.advance(channel::ChannelState::cs_init));
  publish(self, machine.advance(channel::ChannelState::cs_routing));
  publish(self, machine.advance(channel::ChannelState::cs_consume_media));
  state.second =
      spawn_local_channel(self->system(), services,
                          LocalCall{caf::actor_cast<caf::actor>(self), second_name, call.context,
                                    call.extension, call.caller, call.linked_id, call.node,
                                    call.endpoint_id, call.media, call.domains});
  // In Calls, so that a stopping node waits for the pair too.
  services.calls.add_channel(state.channel->unique_id, caf::actor_cast<caf::actor>(self));
  self->monitor(state.parent);
  self->monitor(state.second);
  self->set_down_handler([self](const caf::down_msg& down) {
    auto& state = self->state;
    if (down.source == state.parent) {
      self->send(state.second, hangup_atom::value,
                 static_cast<uint8_t>(channel::HangupCause::normal_clearing));
      return finish(self, channel::HangupCause::normal_clearing, false);
    }
    finish(self, channel::HangupCause::normal_clearing, true);  // the second half is gone
  });
  return {
      // From the second half, passed on to the parent as this half's.
      [self](leg_atom, LegEvent& event) {
        auto& state = self->state;
        auto& machine = state.channel->machine;
        switch (event.kind) {
          case LegEvent::Kind::ringing: publish(self, machine.ring_ready()); break;
          case LegEvent::Kind::progress: publish(self, machine.pre_answer()); break;
          case LegEvent::Kind::answered:
            publish(self, machine.answer());
            event.name = state.channel->name;
            break;
          case LegEvent::Kind::ended:
            return finish(self, static_cast<channel::HangupCause>(event.cause), true);
        }
        self->send(state.parent, leg_atom::value, std::move(event));
      },
      // Keys from the other side of the bridge: the second half plays them on the shared
      // endpoint.
      [self](dtmf_atom, const std::string& digits, bool in_media) {
        self->send(self->state.second, dtmf_atom::value, digits, in_media);
      },
      [self](shutdown_atom) {
        self->send(self->state.second, hangup_atom::value,
                   static_cast<uint8_t>(channel::HangupCause::normal_clearing));
        finish(self, channel::HangupCause::normal_clearing, true);
      },
      [self](hangup_atom, uint8_t cause) {
        self->send(self->state.second, hangup_atom::value, cause);
        finish(self, static_cast<channel::HangupCause>(cause), false);
      },
  };
}

}  // namespace

caf::actor spawn_local_pair(caf::actor_system& system, const CallServices& services,
                            LocalPairCall call) {
  return system.spawn(local_pair, &services, std::move(call));
}

}  // namespace tandem::signaling
