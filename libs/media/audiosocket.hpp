#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libs/common/result.hpp"

namespace tandem::media {

/// AudioSocket (Asterisk's app_audiosocket / chan_audiosocket protocol) over TCP: each
/// message is a kind byte, a 16-bit big-endian payload length, then the payload. Tandem is
/// the client, as Asterisk is: it sends the UUID first, then audio and DTMF; the server
/// sends audio, hangup and, from non-Asterisk servers, errors.
namespace audiosocket {

inline constexpr uint8_t kHangup = 0x00;
inline constexpr uint8_t kUuid = 0x01;
inline constexpr uint8_t kDtmf = 0x03;
/// Signed 16-bit little-endian mono at 8 kHz; 0x11..0x18 are the same at 12 to 192 kHz.
inline constexpr uint8_t kAudio = 0x10;
inline constexpr uint8_t kError = 0xff;

inline constexpr size_t kHeaderBytes = 3;
/// 20 ms of 8 kHz audio: 160 samples.
inline constexpr size_t kFrameBytes = 320;

using Uuid = std::array<uint8_t, 16>;

/// Whether a kind carries audio, and its sample rate (0 for other kinds).
bool is_audio(uint8_t kind);
uint32_t sample_rate(uint8_t kind);

/// "40325ec2-5efd-4bd3-805f-53576e581d13" (any case) as the 16 bytes sent on the wire.
std::optional<Uuid> parse_uuid(std::string_view text);
std::string format_uuid(const Uuid& uuid);

/// Appends one whole message (header and payload) to `out`, ready for one write.
void append_message(std::vector<uint8_t>& out, uint8_t kind, std::span<const uint8_t> payload);
void append_uuid(std::vector<uint8_t>& out, const Uuid& uuid);
/// One DTMF digit: '0'-'9', '*', '#', 'A'-'D'.
void append_dtmf(std::vector<uint8_t>& out, char digit);
/// 8 kHz audio, samples written little-endian.
void append_audio(std::vector<uint8_t>& out, std::span<const int16_t> samples);

/// The samples of an audio payload (little-endian). `out` holds payload.size() / 2.
void read_samples(std::span<const uint8_t> payload, std::span<int16_t> out);

/// Why a stream from an AudioSocket server cannot go on. Each has a metric label.
enum class Fault : uint8_t {
  oversized,        // a length above the reader's limit
  empty_audio,      // audio of length 0 (Asterisk also ends the session)
  odd_audio,        // audio of an odd number of bytes: not whole samples
  unexpected_kind,  // a kind a server must not send (UUID, DTMF) or one nobody defined
  bad_hangup,       // a hangup with a payload
};

std::string_view fault_label(Fault fault);

/// One message, its payload a view into the reader's buffer: valid until the next call
/// to feed() or next().
struct Message {
  uint8_t kind = 0;
  std::span<const uint8_t> payload;
};

/// Reassembles messages from TCP reads of any size: a read may hold part of a header,
/// several messages, or a message and part of the next.
class Reader {
 public:
  /// The default fits 20 ms at 192 kHz (7,680 bytes) with room to spare.
  static constexpr size_t kDefaultMaxPayload = 16 * 1024;

  explicit Reader(size_t max_payload = kDefaultMaxPayload) : max_payload_(max_payload) {}

  /// Adds bytes as they came off the socket.
  void feed(std::span<const uint8_t> bytes);
  /// The next whole message; nothing until more bytes arrive; or the fault that ends the
  /// stream (checked as the header arrives, so an oversized payload is never buffered).
  Result<std::optional<Message>, Fault> next();
  /// Bytes received but not yet returned as messages.
  size_t pending() const { return buffer_.size() - consumed_; }

 private:
  size_t max_payload_;
  std::vector<uint8_t> buffer_;
  size_t consumed_ = 0;
};

/// Checks a message from a server against what a server may send: audio of whole
/// samples, an empty hangup, or an error with any payload.
std::optional<Fault> check_from_server(const Message& message);

}  // namespace audiosocket
}  // namespace tandem::media
