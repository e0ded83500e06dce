#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace tandem::media {

/// One RFC 4733 telephone-event block (2.3): the event, the end bit, the volume (0 to -63
/// dBm0) and the duration in RTP timestamp units since the event began.
struct TelephoneEvent {
  uint8_t event = 0;
  bool end = false;
  uint8_t volume = 0;
  uint16_t duration = 0;
};

/// The first event block of a payload; nothing if it is shorter than 4 bytes.
std::optional<TelephoneEvent> parse_telephone_event(std::span<const uint8_t> payload);
std::array<uint8_t, 4> encode_telephone_event(const TelephoneEvent& event);

/// DTMF events 0-15 as characters ('0'-'9', '*', '#', 'A'-'D'); nothing for other events.
std::optional<char> dtmf_digit(uint8_t event);
std::optional<uint8_t> dtmf_event(char digit);

/// A key press, reported once however many packets carried it.
struct DtmfPress {
  char digit = 0;
  /// How long the key was held, in RTP timestamp units.
  uint32_t duration = 0;
};

/// Turns received telephone-event packets into key presses (RFC 4733 2.5.1): one press per
/// (SSRC, event timestamp), reported when its end packet arrives; the end's retransmissions
/// and late updates are ignored; a press whose end never comes is reported by expire().
class TelephoneEventReceiver {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit TelephoneEventReceiver(std::chrono::milliseconds end_timeout = std::chrono::seconds(1))
      : end_timeout_(end_timeout) {}

  /// Feeds one packet; appends the presses it completes to `presses` (two when a new event
  /// starts before the previous one ended and itself ends at once).
  void on_packet(uint32_t ssrc, uint32_t timestamp, const TelephoneEvent& event, TimePoint now,
                 std::vector<DtmfPress>& presses);
  /// The press in progress, if no packet for it came within the timeout.
  std::optional<DtmfPress> expire(TimePoint now);

 private:
  struct Key {
    uint32_t ssrc = 0;
    uint32_t timestamp = 0;
    bool operator==(const Key&) const = default;
  };
  struct Active {
    Key key;
    char digit = 0;
    uint32_t duration = 0;
    TimePoint last_packet;
  };

  std::optional<DtmfPress> finish();

  std::chrono::milliseconds end_timeout_;
  std::optional<Active> active_;
  std::optional<Key> last_reported_;
};

/// One packet of a generated event: its RTP marker, timestamp and payload. The sequence
/// number is the outgoing stream's next one.
struct TelephoneEventPacket {
  bool marker = false;
  uint32_t timestamp = 0;
  std::array<uint8_t, 4> payload{};
};

/// Generates one key press as RFC 4733 packets (2.5.1): every packet carries the event's
/// start timestamp; the first has the marker; updates grow the duration by one packet
/// interval; the end packet (E=1, the full duration) goes out three times.
class TelephoneEventSender {
 public:
  /// `duration` and `packet_interval` in RTP timestamp units (160 = 20 ms at 8 kHz). A
  /// duration over 0xffff units is cut there: a single press of over 8 s is not DTMF.
  TelephoneEventSender(uint8_t event, uint32_t start_timestamp, uint32_t duration,
                       uint32_t packet_interval = 160, uint8_t volume = 10);

  /// The next packet, or nothing once the last end packet has been sent. Call once per
  /// packet interval.
  std::optional<TelephoneEventPacket> next();
  bool done() const { return ends_sent_ == kEndRepeats; }

 private:
  static constexpr int kEndRepeats = 3;

  uint8_t event_;
  uint32_t start_timestamp_;
  uint16_t duration_;
  uint32_t packet_interval_;
  uint8_t volume_;
  uint32_t elapsed_ = 0;
  bool started_ = false;
  int ends_sent_ = 0;
};

}  // namespace tandem::media
