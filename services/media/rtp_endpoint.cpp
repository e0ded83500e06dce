#include "services/media/rtp_endpoint.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <array>

#include "libs/common/random.hpp"
#include "libs/media/g711.hpp"
#include "libs/media/rtcp_packet.hpp"

namespace tandem::media {
namespace {

void transcode(std::span<uint8_t> payload, Law from, Law to) {
  if (from == to) return;
  for (auto& byte : payload) byte = from == Law::ulaw ? ulaw_to_alaw(byte) : alaw_to_ulaw(byte);
}

}  // namespace

RtpEndpoint::RtpEndpoint(std::string id, std::string call_id, int fd, RtpCodec codec,
                         std::optional<SocketAddress> remote, bool strict_source, EventSink sink,
                         const Clock& clock, std::chrono::milliseconds media_timeout)
    : MediaEndpoint(std::move(id), std::move(call_id), fd, std::move(sink)),
      codec_(codec),
      signaled_(remote),
      remote_(remote),
      strict_source_(strict_source),
      clock_(clock),
      own_ssrc_(random_u32()),
      media_timeout_(media_timeout),
      last_packet_(clock.monotonic_now()) {}

void RtpEndpoint::attach(PacketLoop& loop) {
  loop_ = &loop;
  loop.watch_datagrams(fd(), this);
  if (rtcp_.fd >= 0) loop.watch_datagrams(rtcp_.fd, &rtcp_);
}

void RtpEndpoint::detach() {
  MediaEndpoint::detach();
  if (rtcp_.fd < 0) return;
  if (loop_ != nullptr) loop_->unwatch(rtcp_.fd);
  ::close(rtcp_.fd);
  rtcp_.fd = -1;
}

void RtpEndpoint::on_datagram(std::span<uint8_t> packet, const SocketAddress& source) {
  if (closed()) return;
  on_packet(packet, source, clock_.monotonic_now());
}

void RtpEndpoint::on_packet(std::span<uint8_t> packet, const SocketAddress& source,
                            std::chrono::steady_clock::time_point arrival) {
  if (is_rtcp(packet)) return on_rtcp(packet, source, true);
  const auto parsed = parse_rtp(packet);
  if (!parsed) {
    ++counters_.dropped_malformed;
    return;
  }
  const RtpHeader& header = parsed.value();
  if (!accept_source(header, source)) {
    ++counters_.dropped_stranger;
    return;
  }
  ++counters_.packets_received;
  counters_.bytes_received += header.payload_bytes;
  last_packet_ = arrival;
  timed_out_ = false;
  const uint32_t now = rtp_units(arrival);
  reception_.on_packet(header.sequence, header.timestamp, now);
  const auto payload = packet.subspan(header.header_bytes, header.payload_bytes);
  if (header.payload_type == codec_.telephone_event_type) detect_dtmf(header, payload);
  if (!receives() || peer_ == nullptr) {
    ++counters_.dropped_other;
    return;
  }
  peer_->send_from_peer(packet.first(header.header_bytes + header.payload_bytes), header, codec_,
                        now);
}

bool RtpEndpoint::accept_source(const RtpHeader& header, const SocketAddress& source) {
  if (latched_ && remote_ && source == *remote_) return true;
  if (strict_source_ && signaled_ && !source.same_host(*signaled_)) return false;
  // Symmetric RTP: latch on the first valid packet, and again on a new SSRC (the phone
  // restarted its stream, or moved behind another NAT binding).
  if (latched_ && header.ssrc == latched_ssrc_) return false;
  remote_ = source;
  latched_ = true;
  latched_ssrc_ = header.ssrc;
  return true;
}

void RtpEndpoint::detect_dtmf(const RtpHeader& header, std::span<const uint8_t> payload) {
  const auto event = parse_telephone_event(payload);
  if (!event) return;
  presses_.clear();
  dtmf_.on_packet(header.ssrc, header.timestamp, *event, clock_.monotonic_now(), presses_);
  for (const auto& press : presses_) {
    v1::MediaEvent out = new_event();
    out.mutable_dtmf()->set_digit(std::string(1, press.digit));
    out.mutable_dtmf()->set_duration_ms(press.duration * 1000 / kClockRate);
    report(std::move(out));
  }
}

void RtpEndpoint::send_from_peer(std::span<uint8_t> packet, const RtpHeader& header,
                                 const RtpCodec& from, uint32_t now) {
  if (closed() || !sends() || !remote_ || dtmf_out_.busy()) {
    ++counters_.dropped_other;
    return;
  }
  uint8_t payload_type = 0;
  if (header.payload_type == from.payload_type) {
    payload_type = codec_.payload_type;
    transcode(packet.subspan(header.header_bytes), from.law, codec_.law);
  } else if (header.payload_type == from.telephone_event_type && codec_.telephone_events) {
    payload_type = codec_.telephone_event_type;
  } else {
    ++counters_.dropped_other;
    return;
  }
  transmit(packet, header, payload_type, now);
}

void RtpEndpoint::transmit(std::span<uint8_t> packet, const RtpHeader& header, uint8_t payload_type,
                           uint32_t now) {
  const auto out =
      outbound_.relay(header.ssrc, header.sequence, header.timestamp, header.marker, now);
  rewrite_rtp_header(packet, out.marker, out.sequence, out.timestamp, out.ssrc);
  packet[0] &= static_cast<uint8_t>(~0x20);  // the padding was left behind
  packet[1] = static_cast<uint8_t>((packet[1] & 0x80) | payload_type);
  if (!loop_->send_datagram(fd(), packet, *remote_)) {
    ++counters_.dropped_other;
    return;
  }
  ++counters_.packets_sent;
  counters_.bytes_sent += packet.size() - header.header_bytes;
}

Result<Done> RtpEndpoint::send_dtmf(std::string_view digits, std::chrono::milliseconds duration) {
  if (!remote_) {
    return Failure{ErrorCode::failed_precondition,
                   "endpoint " + id() + " has no remote address yet: nowhere to send DTMF"};
  }
  if (!codec_.telephone_events) {
    return Failure{ErrorCode::failed_precondition,
                   "endpoint " + id() + "'s peer did not agree on telephone-events"};
  }
  const auto units = static_cast<uint32_t>(duration.count() * kClockRate / 1000);
  if (auto checked = check_dtmf_digits(digits); !checked) return checked;
  dtmf_out_.add(digits, units);
  return Done{};
}

void RtpEndpoint::tick() {
  if (closed()) return;
  const auto now = clock_.monotonic_now();
  const uint32_t rtp_now = rtp_units(now);
  if (auto event = dtmf_out_.next(rtp_now); event && remote_ && sends()) {
    std::array<uint8_t, 16> packet{};
    const RtpHeader header{event->marker,
                           codec_.telephone_event_type,
                           own_sequence_++,
                           event->timestamp,
                           own_ssrc_,
                           12,
                           4};
    write_rtp_header(packet, header);
    std::copy(event->payload.begin(), event->payload.end(), packet.begin() + 12);
    transmit(packet, header, codec_.telephone_event_type, rtp_now);
  }
  if (media_timeout_.count() > 0 && !timed_out_ && now - last_packet_ >= media_timeout_) {
    timed_out_ = true;
    v1::MediaEvent timeout = new_event();
    timeout.mutable_timeout()->set_silent_ms(static_cast<uint32_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(now - last_packet_).count()));
    report(std::move(timeout));
  }
}

void RtpEndpoint::set_rtcp_socket(int fd) { rtcp_.fd = fd; }

RtpEndpoint::RtcpSocket::~RtcpSocket() {
  if (fd >= 0) ::close(fd);
}

void RtpEndpoint::RtcpSocket::on_datagram(std::span<uint8_t> packet, const SocketAddress& source) {
  if (fd < 0 || owner.closed()) return;
  owner.on_rtcp(packet, source, false);
}

void RtpEndpoint::on_rtcp(std::span<const uint8_t> packet, const SocketAddress& source,
                          bool muxed) {
  if (!is_valid_rtcp(packet)) {
    ++counters_.dropped_malformed;
    return;
  }
  // RTCP follows the RTP latch: only the peer the endpoint talks to may report.
  if (remote_ && !source.same_host(*remote_)) {
    ++counters_.dropped_stranger;
    return;
  }
  if (muxed) {
    rtcp_muxed_ = true;
  } else {
    rtcp_remote_ = source;
  }
  if (!receives() || peer_ == nullptr) {
    ++counters_.dropped_other;
    return;
  }
  peer_->send_rtcp_from_peer(packet);
}

void RtpEndpoint::send_rtcp_from_peer(std::span<const uint8_t> packet) {
  // Reports describe the sender's sequence numbers and SSRC: once this leg's stream has
  // been renumbered for a new source they would describe numbers the far end never saw.
  if (closed() || !sends() || !remote_ || outbound_.rebased()) {
    ++counters_.dropped_other;
    return;
  }
  int fd_out = fd();
  SocketAddress to = *remote_;
  if (!rtcp_muxed_) {
    if (rtcp_.fd < 0) {
      ++counters_.dropped_other;
      return;
    }
    fd_out = rtcp_.fd;
    to = rtcp_remote_ ? *rtcp_remote_
                      : remote_->with_port(static_cast<uint16_t>(remote_->port() + 1));
  }
  loop_->send_datagram(fd_out, packet, to);
}

void RtpEndpoint::set_remote(const SocketAddress& remote) {
  // A new signaled address: send there, and learn again from what arrives.
  signaled_ = remote;
  remote_ = remote;
  latched_ = false;
}

bool RtpEndpoint::receives() const {
  return direction_ == v1::DIRECTION_SENDRECV || direction_ == v1::DIRECTION_RECVONLY;
}

bool RtpEndpoint::sends() const {
  return direction_ == v1::DIRECTION_SENDRECV || direction_ == v1::DIRECTION_SENDONLY;
}

v1::EndpointStats RtpEndpoint::stats() const {
  v1::EndpointStats stats = MediaEndpoint::stats();
  stats.set_packets_lost(reception_.lost());
  stats.set_jitter_ms(reception_.jitter() * 1000 / kClockRate);
  return stats;
}

}  // namespace tandem::media
