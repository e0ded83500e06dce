#include "libs/media/outbound_stream.hpp"

#include <gtest/gtest.h>

namespace tandem::media {
namespace {

TEST(OutboundStreamTest, TheFirstSourcePassesUnchanged) {
  OutboundStream stream;
  for (uint32_t i = 0; i < 5; ++i) {
    const auto out =
        stream.relay(0xaaaa, static_cast<uint16_t>(500 + i), 8000 + 160 * i, i == 0, 160 * i);
    EXPECT_EQ(out.ssrc, 0xaaaau);
    EXPECT_EQ(out.sequence, 500 + i);
    EXPECT_EQ(out.timestamp, 8000 + 160 * i);
    EXPECT_EQ(out.marker, i == 0);
  }
}

TEST(OutboundStreamTest, ANewSourceContinuesTheStreamWithTheMarkerSet) {
  OutboundStream stream;
  for (uint32_t i = 0; i < 10; ++i) {
    stream.relay(0xaaaa, static_cast<uint16_t>(65530 + i), 1000 + 160 * i, false, 160 * i);
  }
  // The last packet out: sequence 65530 + 9 = 3 (wrapped), timestamp 1000 + 1440.
  // A new SSRC arrives 60 ms after the last packet, with numbers of its own.
  const auto first = stream.relay(0xbbbb, 777, 123456, false, 160 * 9 + 480);
  EXPECT_EQ(first.ssrc, 0xaaaau) << "the outgoing SSRC stays";
  EXPECT_EQ(first.sequence, 4) << "the next sequence number";
  EXPECT_EQ(first.timestamp, 1000u + 1440 + 480) << "timestamps advance by wall-clock time";
  EXPECT_TRUE(first.marker);
  const auto second = stream.relay(0xbbbb, 778, 123456 + 160, false, 160 * 9 + 640);
  EXPECT_EQ(second.sequence, 5);
  EXPECT_EQ(second.timestamp, 1000u + 1440 + 480 + 160);
  EXPECT_FALSE(second.marker);
}

TEST(OutboundStreamTest, KeepsGapsAndReorderingWithinASource) {
  OutboundStream stream;
  stream.relay(1, 100, 0, false, 0);
  const auto after_gap = stream.relay(1, 103, 480, false, 480);
  EXPECT_EQ(after_gap.sequence, 103) << "loss stays visible to the far end";
  const auto late = stream.relay(1, 101, 160, false, 500);
  EXPECT_EQ(late.sequence, 101);
  EXPECT_FALSE(late.marker);
}

TEST(OutboundStreamTest, ASenderThatRestartsItsNumbersIsANewSource) {
  OutboundStream stream;
  stream.relay(1, 100, 1000, false, 0);
  stream.relay(1, 101, 1160, false, 160);
  const auto restarted = stream.relay(1, 30000, 5, false, 320);
  EXPECT_EQ(restarted.sequence, 102);
  EXPECT_EQ(restarted.timestamp, 1160u + 160);
  EXPECT_TRUE(restarted.marker);
}

TEST(OutboundStreamTest, AtLeastOneFrameSeparatesTwoSources) {
  OutboundStream stream;
  stream.relay(1, 100, 1000, false, 0);
  const auto next = stream.relay(2, 9, 9, false, 0);  // in the same instant
  EXPECT_EQ(next.timestamp, 1000u + 160);
}

}  // namespace
}  // namespace tandem::media
