#include "libs/media/g711.hpp"

#include <array>

namespace tandem::media {
namespace {

constexpr int kUlawBias = 0x84;
constexpr int kUlawClip = 8159;  // on the 14-bit scale the encoder works in

/// The segment (exponent) of a magnitude: how many of the limits it exceeds.
constexpr int segment(int magnitude, const std::array<int, 8>& limits) {
  for (int i = 0; i < 8; ++i) {
    if (magnitude <= limits[i]) return i;
  }
  return 8;
}

constexpr int16_t decode_ulaw_byte(uint8_t byte) {
  const int u = static_cast<uint8_t>(~byte);
  int t = ((u & 0x0f) << 3) + kUlawBias;
  t <<= (u & 0x70) >> 4;
  return static_cast<int16_t>((u & 0x80) != 0 ? kUlawBias - t : t - kUlawBias);
}

constexpr uint8_t encode_ulaw_sample(int16_t sample) {
  constexpr std::array<int, 8> kLimits = {0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff};
  int value = sample >> 2;  // 14-bit scale
  int mask = 0xff;
  if (value < 0) {
    value = -value;
    mask = 0x7f;
  }
  if (value > kUlawClip) value = kUlawClip;
  value += kUlawBias >> 2;
  const int seg = segment(value, kLimits);
  if (seg >= 8) return static_cast<uint8_t>(0x7f ^ mask);
  return static_cast<uint8_t>(((seg << 4) | ((value >> (seg + 1)) & 0x0f)) ^ mask);
}

constexpr int16_t decode_alaw_byte(uint8_t byte) {
  const int a = byte ^ 0x55;
  int t = (a & 0x0f) << 4;
  const int seg = (a & 0x70) >> 4;
  if (seg == 0) {
    t += 8;
  } else {
    t = (t + 0x108) << (seg - 1);
  }
  return static_cast<int16_t>((a & 0x80) != 0 ? t : -t);
}

constexpr uint8_t encode_alaw_sample(int16_t sample) {
  constexpr std::array<int, 8> kLimits = {0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff};
  int value = sample >> 3;  // 13-bit scale
  int mask = 0xd5;
  if (value < 0) {
    mask = 0x55;
    value = -value - 1;
  }
  const int seg = segment(value, kLimits);
  if (seg >= 8) return static_cast<uint8_t>(0x7f ^ mask);
  const int mantissa = (seg < 2 ? value >> 1 : value >> seg) & 0x0f;
  return static_cast<uint8_t>(((seg << 4) | mantissa) ^ mask);
}

template <class Out, class F>
constexpr std::array<Out, 256> byte_table(F f) {
  std::array<Out, 256> table{};
  for (int i = 0; i < 256; ++i) table[static_cast<size_t>(i)] = f(static_cast<uint8_t>(i));
  return table;
}

/// Encoders by table too: 64 KiB each, indexed by the sample as unsigned.
template <class F>
std::array<uint8_t, 65536> sample_table(F f) {
  std::array<uint8_t, 65536> table{};
  for (int i = 0; i < 65536; ++i) {
    table[static_cast<size_t>(i)] = f(static_cast<int16_t>(static_cast<uint16_t>(i)));
  }
  return table;
}

constexpr auto kUlawDecode = byte_table<int16_t>(decode_ulaw_byte);
constexpr auto kAlawDecode = byte_table<int16_t>(decode_alaw_byte);
constexpr auto kUlawToAlaw =
    byte_table<uint8_t>([](uint8_t u) { return encode_alaw_sample(decode_ulaw_byte(u)); });
constexpr auto kAlawToUlaw =
    byte_table<uint8_t>([](uint8_t a) { return encode_ulaw_sample(decode_alaw_byte(a)); });

const std::array<uint8_t, 65536>& ulaw_encode_table() {
  static const auto table = sample_table(encode_ulaw_sample);
  return table;
}

const std::array<uint8_t, 65536>& alaw_encode_table() {
  static const auto table = sample_table(encode_alaw_sample);
  return table;
}

size_t index_of(int16_t sample) { return static_cast<uint16_t>(sample); }

}  // namespace

int16_t ulaw_to_linear(uint8_t ulaw) { return kUlawDecode[ulaw]; }
uint8_t linear_to_ulaw(int16_t sample) { return ulaw_encode_table()[index_of(sample)]; }
int16_t alaw_to_linear(uint8_t alaw) { return kAlawDecode[alaw]; }
uint8_t linear_to_alaw(int16_t sample) { return alaw_encode_table()[index_of(sample)]; }
uint8_t ulaw_to_alaw(uint8_t ulaw) { return kUlawToAlaw[ulaw]; }
uint8_t alaw_to_ulaw(uint8_t alaw) { return kAlawToUlaw[alaw]; }

void decode_ulaw(std::span<const uint8_t> in, std::span<int16_t> out) {
  for (size_t i = 0; i < in.size(); ++i) out[i] = kUlawDecode[in[i]];
}

void decode_alaw(std::span<const uint8_t> in, std::span<int16_t> out) {
  for (size_t i = 0; i < in.size(); ++i) out[i] = kAlawDecode[in[i]];
}

void encode_ulaw(std::span<const int16_t> in, std::span<uint8_t> out) {
  const auto& table = ulaw_encode_table();
  for (size_t i = 0; i < in.size(); ++i) out[i] = table[index_of(in[i])];
}

void encode_alaw(std::span<const int16_t> in, std::span<uint8_t> out) {
  const auto& table = alaw_encode_table();
  for (size_t i = 0; i < in.size(); ++i) out[i] = table[index_of(in[i])];
}

}  // namespace tandem::media
