#include "libs/media/audiosocket.hpp"

#include <algorithm>

#include "libs/media/telephone_event.hpp"

namespace tandem::media::audiosocket {
namespace {

constexpr std::array<uint32_t, 9> kRates = {8000,  12000, 16000, 24000, 32000,
                                            44100, 48000, 96000, 192000};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool is_audio(uint8_t kind) { return kind >= kAudio && kind < kAudio + kRates.size(); }

uint32_t sample_rate(uint8_t kind) { return is_audio(kind) ? kRates[kind - kAudio] : 0; }

std::optional<Uuid> parse_uuid(std::string_view text) {
  // 8-4-4-4-12 hex digits.
  if (text.size() != 36) return std::nullopt;
  Uuid uuid{};
  size_t out = 0;
  for (size_t i = 0; i < text.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i++] != '-') return std::nullopt;
      continue;
    }
    const int high = hex_value(text[i]);
    const int low = hex_value(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    uuid[out++] = static_cast<uint8_t>(high << 4 | low);
    i += 2;
  }
  return uuid;
}

std::string format_uuid(const Uuid& uuid) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  for (size_t i = 0; i < uuid.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += kHex[uuid[i] >> 4];
    text += kHex[uuid[i] & 15];
  }
  return text;
}

void append_message(std::vector<uint8_t>& out, uint8_t kind, std::span<const uint8_t> payload) {
  out.push_back(kind);
  out.push_back(static_cast<uint8_t>(payload.size() >> 8));
  out.push_back(static_cast<uint8_t>(payload.size()));
  out.insert(out.end(), payload.begin(), payload.end());
}

void append_uuid(std::vector<uint8_t>& out, const Uuid& uuid) { append_message(out, kUuid, uuid); }

void append_dtmf(std::vector<uint8_t>& out, char digit) {
  const auto byte = static_cast<uint8_t>(dtmf_event(digit).has_value() ? digit : '?');
  append_message(out, kDtmf, std::span<const uint8_t>(&byte, 1));
}

void append_audio(std::vector<uint8_t>& out, std::span<const int16_t> samples) {
  const size_t bytes = samples.size() * 2;
  out.push_back(kAudio);
  out.push_back(static_cast<uint8_t>(bytes >> 8));
  out.push_back(static_cast<uint8_t>(bytes));
  for (const int16_t sample : samples) {
    const auto value = static_cast<uint16_t>(sample);
    out.push_back(static_cast<uint8_t>(value));
    out.push_back(static_cast<uint8_t>(value >> 8));
  }
}

void read_samples(std::span<const uint8_t> payload, std::span<int16_t> out) {
  for (size_t i = 0; i + 1 < payload.size(); i += 2) {
    out[i / 2] = static_cast<int16_t>(static_cast<uint16_t>(payload[i] | payload[i + 1] << 8));
  }
}

std::string_view fault_label(Fault fault) {
  switch (fault) {
    case Fault::oversized: return "oversized";
    case Fault::empty_audio: return "empty_audio";
    case Fault::odd_audio: return "odd_audio";
    case Fault::unexpected_kind: return "unexpected_kind";
    case Fault::bad_hangup: return "bad_hangup";
  }
  return "unknown";
}

void Reader::feed(std::span<const uint8_t> bytes) {
  // Drop what was returned already before growing: the buffer stays about one message.
  if (consumed_ > 0) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(consumed_));
    consumed_ = 0;
  }
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

Result<std::optional<Message>, Fault> Reader::next() {
  if (pending() < kHeaderBytes) return std::optional<Message>{};
  const uint8_t* header = buffer_.data() + consumed_;
  const size_t length = static_cast<size_t>(header[1] << 8 | header[2]);
  if (length > max_payload_) return Fault::oversized;
  if (pending() < kHeaderBytes + length) return std::optional<Message>{};
  Message message{header[0], std::span<const uint8_t>(header + kHeaderBytes, length)};
  consumed_ += kHeaderBytes + length;
  return std::optional<Message>(message);
}

std::optional<Fault> check_from_server(const Message& message) {
  if (is_audio(message.kind)) {
    if (message.payload.empty()) return Fault::empty_audio;
    if (message.payload.size() % 2 != 0) return Fault::odd_audio;
    return std::nullopt;
  }
  if (message.kind == kHangup) {
    return message.payload.empty() ? std::nullopt : std::optional<Fault>(Fault::bad_hangup);
  }
  if (message.kind == kError) return std::nullopt;
  return Fault::unexpected_kind;
}

}  // namespace tandem::media::audiosocket
