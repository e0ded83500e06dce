#include "services/signaling/channel_actor_support.hpp"

#include <algorithm>

namespace tandem::signaling {

v1::Direction media_direction(sdp::Direction direction) {
  switch (direction) {
    case sdp::Direction::sendonly: return v1::DIRECTION_SENDONLY;
    case sdp::Direction::recvonly: return v1::DIRECTION_RECVONLY;
    case sdp::Direction::inactive: return v1::DIRECTION_INACTIVE;
    case sdp::Direction::sendrecv: break;
  }
  return v1::DIRECTION_SENDRECV;
}

std::optional<ReinviteOffer> reinvite_offer(const sip::SipMessage& invite, int payload_type) {
  auto offer = sdp::parse(invite.body());
  if (!offer) return std::nullopt;
  auto audio = sdp::find_audio(offer.value());
  if (!audio) return std::nullopt;
  const auto& codecs = audio.value().codecs;
  if (std::none_of(codecs.begin(), codecs.end(), [&](const sdp::AudioCodec& codec) {
        return codec.payload_type == payload_type;
      }))
    return std::nullopt;
  return ReinviteOffer{std::move(offer).value(), std::move(audio).value()};
}

v1::UpdateEndpointRequest reinvite_update(const std::string& endpoint_id,
                                          const sdp::AudioStream& audio) {
  v1::UpdateEndpointRequest request;
  request.set_endpoint_id(endpoint_id);
  request.mutable_remote()->set_host(audio.address);
  request.mutable_remote()->set_port(audio.port);
  request.set_direction(media_direction(sdp::answer_direction(audio.direction)));
  return request;
}

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
