#include "services/signaling/channel_actor_support.hpp"

#include <algorithm>

#include "libs/sip/chars.hpp"
#include "libs/sip/transport/sip_stack.hpp"

namespace tandem::signaling {

void destroy_endpoint(const MediaNode& node, std::string& endpoint_id,
                      std::shared_ptr<spdlog::logger> log) {
  if (endpoint_id.empty() || !node.stub) return;
  v1::DestroyEndpointRequest request;
  request.set_endpoint_id(endpoint_id);
  call_media<v1::DestroyEndpointRequest, v1::DestroyEndpointResponse>(
      [stub = node.stub](auto* context, auto* q, auto* r, auto done) {
        stub->async()->DestroyEndpoint(context, q, r, std::move(done));
      },
      request,
      [log = std::move(log), id = endpoint_id](grpc::Status status, auto) {
        if (!status.ok()) log->warn("destroying media endpoint {}: {}", id, status.error_message());
      });
  endpoint_id.clear();
}

v1::Direction media_direction(sdp::Direction direction) {
  switch (direction) {
    case sdp::Direction::sendonly: return v1::DIRECTION_SENDONLY;
    case sdp::Direction::recvonly: return v1::DIRECTION_RECVONLY;
    case sdp::Direction::inactive: return v1::DIRECTION_INACTIVE;
    case sdp::Direction::sendrecv: break;
  }
  return v1::DIRECTION_SENDRECV;
}

std::string random_uuid() {
  std::string hex = sip::random_token() + sip::random_token();  // 32 hex digits
  hex[12] = '4';
  hex[16] = "89ab"[static_cast<unsigned char>(hex[16]) % 4];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

v1::CreateEndpointRequest rtp_endpoint_request(const std::string& call_id,
                                               const std::vector<sdp::AudioCodec>& codecs,
                                               std::optional<int> telephone_event) {
  v1::CreateEndpointRequest request;
  request.set_kind(v1::ENDPOINT_KIND_RTP);
  request.set_call_id(call_id);
  for (const auto& codec : codecs) {
    auto* offered = request.add_offered_codecs();
    offered->set_payload_type(static_cast<uint32_t>(codec.payload_type));
    offered->set_encoding(codec.encoding);
    offered->set_clock_rate(codec.clock_rate);
  }
  if (telephone_event) {
    auto* events = request.add_offered_codecs();
    events->set_payload_type(static_cast<uint32_t>(*telephone_event));
    events->set_encoding("telephone-event");
    events->set_clock_rate(8000);
  }
  return request;
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

void send_dtmf(const MediaNode& node, const std::string& endpoint_id, const std::string& digits,
               std::shared_ptr<spdlog::logger> log) {
  if (endpoint_id.empty() || !node.stub) return;
  v1::SendDtmfRequest request;
  request.set_endpoint_id(endpoint_id);
  request.set_digits(digits);
  call_media<v1::SendDtmfRequest, v1::SendDtmfResponse>(
      [stub = node.stub](auto* context, auto* q, auto* r, auto done) {
        stub->async()->SendDtmf(context, q, r, std::move(done));
      },
      request,
      [log = std::move(log), digits](grpc::Status status, v1::SendDtmfResponse) {
        if (!status.ok()) log->warn("playing DTMF {}: {}", digits, status.error_message());
      });
}

void publish_channel_events(spdlog::logger& log, std::string_view tech,
                            const channel::Channel& channel, const ChannelEventBus& bus,
                            std::optional<channel::ChannelState>& last_state,
                            const Result<channel::ChannelEvents>& events) {
  if (!events) {
    log.warn("{}: {}", channel.name, events.failure().message);
    return;
  }
  for (const auto& event : events.value()) {
    log.debug("{} {} {}", channel.name, channel::event_name(event.kind), event.detail);
    bus.publish({tech, channel, event, last_state});
    if (event.kind == channel::ChannelEventKind::state) last_state = event.state;
  }
}

void publish_new_channel(std::string_view tech, const channel::Channel& channel,
                         const ChannelEventBus& bus,
                         std::optional<channel::ChannelState>& last_state) {
  const channel::ChannelEvent created{channel::ChannelEventKind::state,
                                      channel::ChannelState::cs_new,
                                      channel.machine.callstate(),
                                      {}};
  bus.publish({tech, channel, created, std::nullopt});
  last_state = channel::ChannelState::cs_new;
}

}  // namespace tandem::signaling
