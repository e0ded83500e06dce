#include "libs/media/g711.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <iterator>

namespace tandem::media {
namespace {

#include "tests/unit/media/g711_reference.inc"

TEST(G711Test, DecodesEveryByteAsTheReferenceDoes) {
  for (int byte = 0; byte < 256; ++byte) {
    EXPECT_EQ(ulaw_to_linear(static_cast<uint8_t>(byte)), kUlawDecode[byte]) << byte;
    EXPECT_EQ(alaw_to_linear(static_cast<uint8_t>(byte)), kAlawDecode[byte]) << byte;
  }
}

TEST(G711Test, EncodesAsTheReferenceDoes) {
  static_assert(std::size(kEncodeInputs) == std::size(kUlawEncoded));
  for (size_t i = 0; i < std::size(kEncodeInputs); ++i) {
    EXPECT_EQ(linear_to_ulaw(kEncodeInputs[i]), kUlawEncoded[i]) << kEncodeInputs[i];
    EXPECT_EQ(linear_to_alaw(kEncodeInputs[i]), kAlawEncoded[i]) << kEncodeInputs[i];
  }
}

TEST(G711Test, KnownValuesFromTheStandard) {
  EXPECT_EQ(ulaw_to_linear(kUlawSilence), 0);
  EXPECT_EQ(ulaw_to_linear(0x00), -32124);
  EXPECT_EQ(ulaw_to_linear(0x80), 32124);
  EXPECT_EQ(alaw_to_linear(kAlawSilence), 8);
  EXPECT_EQ(alaw_to_linear(0x55), -8);
  EXPECT_EQ(linear_to_ulaw(0), kUlawSilence);
  EXPECT_EQ(linear_to_alaw(0), kAlawSilence);
}

TEST(G711Test, EveryCodeSurvivesARoundTripThroughLinear) {
  for (int byte = 0; byte < 256; ++byte) {
    const auto code = static_cast<uint8_t>(byte);
    // 0x7f is mu-law's negative zero: it decodes to 0, which encodes as 0xff.
    if (code != 0x7f) {
      EXPECT_EQ(linear_to_ulaw(ulaw_to_linear(code)), code) << byte;
    }
    EXPECT_EQ(linear_to_alaw(alaw_to_linear(code)), code) << byte;
  }
}

TEST(G711Test, TranscodesBetweenTheLawsThroughLinear) {
  for (int byte = 0; byte < 256; ++byte) {
    const auto code = static_cast<uint8_t>(byte);
    EXPECT_EQ(ulaw_to_alaw(code), linear_to_alaw(ulaw_to_linear(code)));
    EXPECT_EQ(alaw_to_ulaw(code), linear_to_ulaw(alaw_to_linear(code)));
  }
}

TEST(G711Test, FramesMatchSampleBySample) {
  std::array<int16_t, 160> samples{};
  for (size_t i = 0; i < samples.size(); ++i) samples[i] = static_cast<int16_t>(i * 409 - 32000);
  std::array<uint8_t, 160> ulaw{};
  std::array<uint8_t, 160> alaw{};
  encode_ulaw(samples, ulaw);
  encode_alaw(samples, alaw);
  std::array<int16_t, 160> back{};
  decode_ulaw(ulaw, back);
  for (size_t i = 0; i < samples.size(); ++i) {
    EXPECT_EQ(ulaw[i], linear_to_ulaw(samples[i]));
    EXPECT_EQ(alaw[i], linear_to_alaw(samples[i]));
    EXPECT_EQ(back[i], ulaw_to_linear(ulaw[i]));
  }
  decode_alaw(alaw, back);
  for (size_t i = 0; i < samples.size(); ++i) EXPECT_EQ(back[i], alaw_to_linear(alaw[i]));
}

}  // namespace
}  // namespace tandem::media
