#include "services/signaling/channel_actor_support.hpp"

namespace tandem::signaling {

void publish_channel_events(spdlog::logger& log, std::string_view tech,
                            const channel::Channel& channel, CallMetrics& metrics,
                            std::optional<channel::ChannelState>& counted,
                            const Result<channel::ChannelEvents>& events) {
  if (!events) {
    log.warn("{}: {}", channel.name, events.failure().message);
    return;
  }
  for (const auto& event : events.value()) {
    log.debug("{} {} {}", channel.name, channel::event_name(event.kind), event.detail);
    if (event.kind != channel::ChannelEventKind::state) continue;
    std::optional<channel::ChannelState> now = event.state;
    if (event.state == channel::ChannelState::cs_destroy) now.reset();
    metrics.moved(tech, counted, now);
    counted = now;
  }
}

}  // namespace tandem::signaling
