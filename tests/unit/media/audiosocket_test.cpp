#include "libs/media/audiosocket.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace tandem::media::audiosocket {
namespace {

std::vector<uint8_t> bytes(std::initializer_list<int> values) {
  std::vector<uint8_t> out;
  for (int v : values) out.push_back(static_cast<uint8_t>(v));
  return out;
}

TEST(AudioSocketTest, UuidsRoundTripAsOnTheWire) {
  const auto uuid = parse_uuid("40325ec2-5efd-4bd3-805f-53576e581d13");
  ASSERT_TRUE(uuid.has_value());
  std::vector<uint8_t> out;
  append_uuid(out, *uuid);
  EXPECT_EQ(out, bytes({0x01, 0x00, 0x10, 0x40, 0x32, 0x5e, 0xc2, 0x5e, 0xfd, 0x4b, 0xd3, 0x80,
                        0x5f, 0x53, 0x57, 0x6e, 0x58, 0x1d, 0x13}));
  EXPECT_EQ(format_uuid(*uuid), "40325ec2-5efd-4bd3-805f-53576e581d13");
  EXPECT_TRUE(parse_uuid("40325EC2-5EFD-4BD3-805F-53576E581D13").has_value());
  for (const char* bad :
       {"", "40325ec2-5efd-4bd3-805f-53576e581d1", "40325ec2+5efd-4bd3-805f-53576e581d13",
        "g0325ec2-5efd-4bd3-805f-53576e581d13"}) {
    EXPECT_FALSE(parse_uuid(bad).has_value()) << bad;
  }
}

TEST(AudioSocketTest, AudioIsLittleEndianBehindABigEndianLength) {
  std::vector<uint8_t> out;
  const std::vector<int16_t> samples = {1000, -1};
  append_audio(out, samples);
  EXPECT_EQ(out, bytes({0x10, 0x00, 0x04, 0xe8, 0x03, 0xff, 0xff}));
  std::vector<int16_t> back(2);
  read_samples(std::span<const uint8_t>(out).subspan(3), back);
  EXPECT_EQ(back, samples);
}

TEST(AudioSocketTest, DtmfIsOneAsciiByte) {
  std::vector<uint8_t> out;
  append_dtmf(out, '#');
  EXPECT_EQ(out, bytes({0x03, 0x00, 0x01, 0x23}));
}

TEST(AudioSocketTest, KindsKnowTheirRates) {
  EXPECT_EQ(sample_rate(kAudio), 8000u);
  EXPECT_EQ(sample_rate(0x12), 16000u);
  EXPECT_EQ(sample_rate(0x18), 192000u);
  EXPECT_EQ(sample_rate(0x19), 0u);
  EXPECT_FALSE(is_audio(kDtmf));
}

TEST(AudioSocketTest, ReassemblesMessagesSplitAnywhere) {
  std::vector<uint8_t> stream;
  append_audio(stream, std::vector<int16_t>(160, 7));
  append_message(stream, kHangup, {});
  // Every split point of the two messages, fed in two reads.
  for (size_t split = 0; split <= stream.size(); ++split) {
    Reader reader;
    std::vector<uint8_t> kinds;
    reader.feed(std::span<const uint8_t>(stream).first(split));
    for (auto m = reader.next(); m.ok() && m.value(); m = reader.next())
      kinds.push_back(m.value()->kind);
    reader.feed(std::span<const uint8_t>(stream).subspan(split));
    for (auto m = reader.next(); m.ok() && m.value(); m = reader.next()) {
      kinds.push_back(m.value()->kind);
      if (m.value()->kind == kAudio) {
        EXPECT_EQ(m.value()->payload.size(), 320u);
      }
    }
    EXPECT_EQ(kinds, std::vector<uint8_t>({kAudio, kHangup})) << "split at " << split;
    EXPECT_EQ(reader.pending(), 0u);
  }
}

TEST(AudioSocketTest, ReadsMergedMessagesOneByOne) {
  std::vector<uint8_t> stream;
  for (int i = 0; i < 5; ++i)
    append_audio(stream, std::vector<int16_t>(160, static_cast<int16_t>(i)));
  Reader reader;
  reader.feed(stream);
  for (int i = 0; i < 5; ++i) {
    auto message = reader.next();
    ASSERT_TRUE(message.ok() && message.value());
    std::vector<int16_t> samples(160);
    read_samples(message.value()->payload, samples);
    EXPECT_EQ(samples.front(), i);
  }
  EXPECT_FALSE(reader.next().value().has_value());
}

TEST(AudioSocketTest, RefusesAnOversizedLengthBeforeBufferingIt) {
  Reader reader(1024);
  reader.feed(bytes({0x10, 0x04, 0x02}));
  auto message = reader.next();
  ASSERT_FALSE(message.ok());
  EXPECT_EQ(message.failure(), Fault::oversized);
}

TEST(AudioSocketTest, ChecksWhatAServerMaySend) {
  const std::vector<uint8_t> two = {1, 2};
  const std::vector<uint8_t> one = {1};
  EXPECT_FALSE(check_from_server({kAudio, two}).has_value());
  EXPECT_EQ(check_from_server({kAudio, {}}), Fault::empty_audio);
  EXPECT_EQ(check_from_server({0x12, one}), Fault::odd_audio);
  EXPECT_FALSE(check_from_server({kHangup, {}}).has_value());
  EXPECT_EQ(check_from_server({kHangup, one}), Fault::bad_hangup);
  EXPECT_FALSE(check_from_server({kError, one}).has_value());
  EXPECT_EQ(check_from_server({kUuid, two}), Fault::unexpected_kind);
  EXPECT_EQ(check_from_server({kDtmf, one}), Fault::unexpected_kind);
  EXPECT_EQ(check_from_server({0x02, {}}), Fault::unexpected_kind);
  EXPECT_EQ(check_from_server({0x42, two}), Fault::unexpected_kind);
  EXPECT_EQ(fault_label(Fault::odd_audio), "odd_audio");
}

}  // namespace
}  // namespace tandem::media::audiosocket
