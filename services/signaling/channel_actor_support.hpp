#pragma once

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include <functional>
#include <optional>

#include "libs/common/result.hpp"
#include "services/signaling/call_metrics.hpp"
#include "services/signaling/channel/channel.hpp"

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

/// Logs a channel's events and keeps tandem_channels{tech,state} where the channel is:
/// `counted` is the state it is counted in (nothing once destroyed). A refused change is
/// logged as a warning.
void publish_channel_events(spdlog::logger& log, std::string_view tech,
                            const channel::Channel& channel, CallMetrics& metrics,
                            std::optional<channel::ChannelState>& counted,
                            const Result<channel::ChannelEvents>& events);

}  // namespace tandem::signaling

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::signaling::channel_actor_messages::Continue)
