#include "libs/media/rtcp_packet.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace tandem::media {
namespace {

// A receiver report with no blocks (2 words) followed by an SDES with one CNAME chunk.
const std::vector<uint8_t> kCompound = {
    0x80, 201, 0x00, 0x01, 0xde, 0xad, 0xbe, 0xef,                  // RR, length 1
    0x81, 202, 0x00, 0x03, 0xde, 0xad, 0xbe, 0xef, 1, 4, 'a', 'b',  // SDES, length 3
    'c',  'd', 0,    0};

TEST(RtcpPacketTest, AcceptsACompoundPacketThatAddsUp) {
  EXPECT_TRUE(is_valid_rtcp(kCompound));
  EXPECT_EQ(rtcp_sender_ssrc(kCompound), 0xdeadbeefu);
}

TEST(RtcpPacketTest, RefusesWhatDoesNotAddUp) {
  auto truncated = kCompound;
  truncated.pop_back();
  EXPECT_FALSE(is_valid_rtcp(truncated)) << "the lengths must cover the datagram exactly";
  auto long_length = kCompound;
  long_length[3] = 9;
  EXPECT_FALSE(is_valid_rtcp(long_length));
  auto not_a_report = kCompound;
  not_a_report[1] = 202;
  EXPECT_FALSE(is_valid_rtcp(not_a_report)) << "a compound packet starts with SR or RR";
  auto version = kCompound;
  version[8] = 0x41;
  EXPECT_FALSE(is_valid_rtcp(version));
  EXPECT_FALSE(is_valid_rtcp(std::vector<uint8_t>{0x80, 200, 0, 0}));
}

}  // namespace
}  // namespace tandem::media
