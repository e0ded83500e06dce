#include "libs/media/telephone_event.hpp"

#include <algorithm>
#include <string_view>

namespace tandem::media {
namespace {

constexpr std::string_view kDigits = "0123456789*#ABCD";

}  // namespace

std::optional<TelephoneEvent> parse_telephone_event(std::span<const uint8_t> payload) {
  if (payload.size() < 4) return std::nullopt;
  TelephoneEvent event;
  event.event = payload[0];
  event.end = (payload[1] & 0x80) != 0;
  event.volume = payload[1] & 0x3f;  // the R bit is ignored (2.3.3)
  event.duration = static_cast<uint16_t>(payload[2] << 8 | payload[3]);
  return event;
}

std::array<uint8_t, 4> encode_telephone_event(const TelephoneEvent& event) {
  return {event.event, static_cast<uint8_t>((event.end ? 0x80 : 0) | (event.volume & 0x3f)),
          static_cast<uint8_t>(event.duration >> 8), static_cast<uint8_t>(event.duration)};
}

std::optional<char> dtmf_digit(uint8_t event) {
  if (event >= kDigits.size()) return std::nullopt;
  return kDigits[event];
}

std::optional<uint8_t> dtmf_event(char digit) {
  const auto at = kDigits.find(digit);
  if (at == std::string_view::npos) return std::nullopt;
  return static_cast<uint8_t>(at);
}

void TelephoneEventReceiver::on_packet(uint32_t ssrc, uint32_t timestamp,
                                       const TelephoneEvent& event, TimePoint now,
                                       std::vector<DtmfPress>& presses) {
  const auto digit = dtmf_digit(event.event);
  if (!digit) return;  // tones and flash are not key presses
  const Key key{ssrc, timestamp};
  if (last_reported_ == key) return;  // a repeated end, or an update that came late
  if (active_ && !(active_->key == key)) {
    // A new event before the old one ended: the old end packets were lost.
    if (auto press = finish()) presses.push_back(*press);
  }
  if (!active_) active_ = Active{key, *digit, 0, now};
  active_->duration = std::max<uint32_t>(active_->duration, event.duration);
  active_->last_packet = now;
  if (event.end) {
    if (auto press = finish()) presses.push_back(*press);
  }
}

std::optional<DtmfPress> TelephoneEventReceiver::expire(TimePoint now) {
  if (!active_ || now - active_->last_packet < end_timeout_) return std::nullopt;
  return finish();
}

std::optional<DtmfPress> TelephoneEventReceiver::finish() {
  if (!active_) return std::nullopt;
  const DtmfPress press{active_->digit, active_->duration};
  last_reported_ = active_->key;
  active_.reset();
  return press;
}

TelephoneEventSender::TelephoneEventSender(uint8_t event, uint32_t start_timestamp,
                                           uint32_t duration, uint32_t packet_interval,
                                           uint8_t volume)
    : event_(event),
      start_timestamp_(start_timestamp),
      duration_(static_cast<uint16_t>(std::clamp<uint32_t>(duration, 1, 0xffff))),
      packet_interval_(std::max<uint32_t>(packet_interval, 1)),
      volume_(volume) {}

std::optional<TelephoneEventPacket> TelephoneEventSender::next() {
  if (done()) return std::nullopt;
  TelephoneEventPacket packet;
  packet.marker = !started_;
  packet.timestamp = start_timestamp_;
  started_ = true;
  elapsed_ = std::min<uint32_t>(elapsed_ + packet_interval_, duration_);
  const bool end = elapsed_ >= duration_;
  if (end) ++ends_sent_;
  packet.payload = encode_telephone_event({event_, end, volume_, static_cast<uint16_t>(elapsed_)});
  return packet;
}

}  // namespace tandem::media
