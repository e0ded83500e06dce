#include "services/media/audiosocket_endpoint.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "libs/common/random.hpp"
#include "libs/media/g711.hpp"

namespace tandem::media {
namespace {

/// A service that does not read for this long (a second of frames) is stuck.
constexpr size_t kMaxUnsent = 50 * (audiosocket::kHeaderBytes + audiosocket::kFrameBytes);

void append_decoded(std::deque<int16_t>& out, std::span<const uint8_t> payload, Law law) {
  for (const uint8_t byte : payload) {
    out.push_back(law == Law::ulaw ? ulaw_to_linear(byte) : alaw_to_linear(byte));
  }
}

void trim(std::deque<int16_t>& samples, size_t limit) {
  while (samples.size() > limit) samples.pop_front();
}

}  // namespace

AudioSocketEndpoint::AudioSocketEndpoint(std::string id, std::string call_id, int fd,
                                         EventSink sink, const Clock& clock,
                                         std::chrono::milliseconds silence_timeout)
    : MediaEndpoint(std::move(id), std::move(call_id), fd, std::move(sink)),
      clock_(clock),
      silence_timeout_(silence_timeout),
      last_heard_(clock.monotonic_now()),
      ssrc_(random_u32()),
      timestamp_(random_u32()) {}

void AudioSocketEndpoint::attach(PacketLoop& loop) {
  loop_ = &loop;
  loop.watch(fd(), this);
}

void AudioSocketEndpoint::on_readable() {
  std::array<uint8_t, 8192> buffer;
  while (!closed() && !ended_) {
    const ssize_t n = recv(fd(), buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (n == 0) return end(true, "");  // EOF is a hangup (protocols.md 1.7)
    if (n < 0) {
      if (errno == ECONNRESET) return end(true, "");  // closed with our frames unread
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        end(false, std::string("read: ") + strerror(errno));
      }
      return;
    }
    last_heard_ = clock_.monotonic_now();
    reader_.feed(std::span<const uint8_t>(buffer.data(), static_cast<size_t>(n)));
    for (auto message = reader_.next(); !ended_; message = reader_.next()) {
      if (!message) return end(false, std::string(audiosocket::fault_label(message.failure())));
      if (!message.value()) break;
      on_message(*message.value());
    }
  }
}

void AudioSocketEndpoint::on_message(const audiosocket::Message& message) {
  if (auto fault = audiosocket::check_from_server(message)) {
    return end(false, std::string(audiosocket::fault_label(*fault)));
  }
  if (message.kind == audiosocket::kHangup) return end(true, "");
  if (message.kind == audiosocket::kError) {
    const int code = message.payload.empty() ? 0 : message.payload[0];
    return end(false, "the service reported error " + std::to_string(code));
  }
  if (message.kind != audiosocket::kAudio) {
    // 12..192 kHz audio would need resampling, which is not built.
    return end(false, "unsupported audio kind " + std::to_string(message.kind));
  }
  ++counters_.packets_received;
  counters_.bytes_received += message.payload.size();
  samples_.resize(message.payload.size() / 2);  // grows once, then is reused
  audiosocket::read_samples(message.payload, samples_);
  to_peer_.insert(to_peer_.end(), samples_.begin(), samples_.end());
  trim(to_peer_, kMaxBuffered);
}

void AudioSocketEndpoint::send_from_peer(std::span<uint8_t> packet, const RtpHeader& header,
                                         const RtpCodec& from, uint32_t) {
  if (closed() || ended_) return;
  const auto payload = packet.subspan(header.header_bytes, header.payload_bytes);
  if (header.payload_type == from.payload_type) {
    append_decoded(to_service_, payload, from.law);
    trim(to_service_, kMaxBuffered);
  } else if (header.payload_type == from.telephone_event_type) {
    const auto event = parse_telephone_event(payload);
    if (!event) return;
    presses_.clear();
    dtmf_.on_packet(header.ssrc, header.timestamp, *event, clock_.monotonic_now(), presses_);
    for (const auto& press : presses_) audiosocket::append_dtmf(unsent_, press.digit);
    if (!presses_.empty()) flush();
  } else {
    ++counters_.dropped_other;
  }
}

void AudioSocketEndpoint::tick() {
  if (closed() || ended_) return;
  const auto now = clock_.monotonic_now();
  if (silence_timeout_.count() > 0 && now - last_heard_ >= silence_timeout_) {
    return end(false,
               "the service sent nothing for " + std::to_string(silence_timeout_.count()) + " ms");
  }
  send_frame_to_service();
  send_frame_to_peer();
}

void AudioSocketEndpoint::send_frame_to_service() {
  std::array<int16_t, kFrameSamples> frame{};  // silence unless the peer sent audio
  for (auto& sample : frame) {
    if (to_service_.empty()) break;
    sample = to_service_.front();
    to_service_.pop_front();
  }
  audiosocket::append_audio(unsent_, frame);
  flush();
  ++counters_.packets_sent;
  counters_.bytes_sent += audiosocket::kFrameBytes;
}

void AudioSocketEndpoint::send_frame_to_peer() {
  if (to_peer_.size() < kFrameSamples || peer_ == nullptr) return;
  std::array<uint8_t, 12 + kFrameSamples> packet{};
  const RtpHeader header{false, codec_.payload_type, sequence_++, timestamp_, ssrc_,
                         12,    kFrameSamples};
  write_rtp_header(packet, header);
  for (size_t i = 0; i < kFrameSamples; ++i) {
    packet[12 + i] = linear_to_ulaw(to_peer_.front());
    to_peer_.pop_front();
  }
  timestamp_ += kFrameSamples;
  peer_->send_from_peer(packet, header, codec_, rtp_units(clock_.monotonic_now()));
}

Result<Done> AudioSocketEndpoint::send_dtmf(std::string_view digits, std::chrono::milliseconds) {
  if (ended_ || closed()) {
    return Failure{ErrorCode::failed_precondition, "the AudioSocket session has ended"};
  }
  if (auto checked = check_dtmf_digits(digits); !checked) return checked;
  for (const char digit : digits) audiosocket::append_dtmf(unsent_, digit);
  flush();
  return Done{};
}

void AudioSocketEndpoint::flush() {
  const ssize_t n = send(fd(), unsent_.data(), unsent_.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  if (n < 0 && (errno == EPIPE || errno == ECONNRESET)) return end(true, "");  // it went away
  if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
    return end(false, std::string("write: ") + strerror(errno));
  }
  if (n > 0) unsent_.erase(unsent_.begin(), unsent_.begin() + n);
  if (unsent_.size() > kMaxUnsent) end(false, "the service stopped reading");
}

void AudioSocketEndpoint::end(bool hangup, const std::string& error) {
  if (ended_) return;
  ended_ = true;
  // Closing also stops the watch, which would otherwise keep reporting the socket.
  close();
  v1::MediaEvent event = new_event();
  event.mutable_audiosocket_ended()->set_hangup(hangup);
  event.mutable_audiosocket_ended()->set_error(error);
  report(std::move(event));
}

}  // namespace tandem::media
