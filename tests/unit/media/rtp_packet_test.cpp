#include "libs/media/rtp_packet.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace tandem::media {
namespace {

std::vector<uint8_t> packet(std::vector<uint8_t> header, size_t payload, uint8_t fill = 0xff) {
  header.insert(header.end(), payload, fill);
  return header;
}

const std::vector<uint8_t> kPlain = {0x80, 0x00, 0x12, 0x34, 0x00, 0x00,
                                     0x01, 0x40, 0xde, 0xad, 0xbe, 0xef};

TEST(RtpPacketTest, ReadsTheFixedHeader) {
  auto bytes = packet(kPlain, 160);
  bytes[1] = 0x80 | 8;
  const auto header = parse_rtp(bytes);
  ASSERT_TRUE(header.ok());
  EXPECT_TRUE(header.value().marker);
  EXPECT_EQ(header.value().payload_type, 8);
  EXPECT_EQ(header.value().sequence, 0x1234);
  EXPECT_EQ(header.value().timestamp, 320u);
  EXPECT_EQ(header.value().ssrc, 0xdeadbeefu);
  EXPECT_EQ(header.value().header_bytes, 12u);
  EXPECT_EQ(header.value().payload_bytes, 160u);
}

TEST(RtpPacketTest, SkipsCsrcsAndTheExtension) {
  auto bytes = kPlain;
  bytes[0] = 0x80 | 0x10 | 2;                                       // X, two CSRCs
  bytes.insert(bytes.end(), 8, 0x11);                               // CSRCs
  bytes.insert(bytes.end(), {0xbe, 0xde, 0x00, 0x01, 1, 2, 3, 4});  // one-word extension
  bytes.insert(bytes.end(), 20, 0x55);
  const auto header = parse_rtp(bytes);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header.value().header_bytes, 12u + 8 + 8);
  EXPECT_EQ(header.value().payload_bytes, 20u);
}

TEST(RtpPacketTest, RemovesPadding) {
  auto bytes = packet(kPlain, 20);
  bytes[0] |= 0x20;
  bytes.back() = 4;
  const auto header = parse_rtp(bytes);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header.value().payload_bytes, 16u);
}

TEST(RtpPacketTest, NamesWhatIsWrongWithABadPacket) {
  EXPECT_EQ(parse_rtp(std::vector<uint8_t>(11, 0x80)).failure(), RtpFault::too_short);
  auto v1 = packet(kPlain, 4);
  v1[0] = 0x40;
  EXPECT_EQ(parse_rtp(v1).failure(), RtpFault::bad_version);
  auto csrcs = packet(kPlain, 4);
  csrcs[0] = 0x80 | 15;
  EXPECT_EQ(parse_rtp(csrcs).failure(), RtpFault::csrc_overrun);
  auto extension = packet(kPlain, 2);
  extension[0] = 0x90;
  EXPECT_EQ(parse_rtp(extension).failure(), RtpFault::extension_overrun);
  auto long_extension = kPlain;
  long_extension[0] = 0x90;
  long_extension.insert(long_extension.end(), {0xbe, 0xde, 0x00, 0x09, 1, 2, 3, 4});
  EXPECT_EQ(parse_rtp(long_extension).failure(), RtpFault::extension_overrun);
  auto zero_padding = packet(kPlain, 4, 0);
  zero_padding[0] |= 0x20;
  EXPECT_EQ(parse_rtp(zero_padding).failure(), RtpFault::bad_padding);
  auto too_much_padding = packet(kPlain, 4, 5);
  too_much_padding[0] |= 0x20;
  EXPECT_EQ(parse_rtp(too_much_padding).failure(), RtpFault::bad_padding);
  EXPECT_EQ(fault_label(RtpFault::bad_padding), "bad_padding");
}

TEST(RtpPacketTest, TellsRtcpFromRtpOnAMultiplexedPort) {
  EXPECT_TRUE(is_rtcp(std::vector<uint8_t>{0x80, 200}));          // SR
  EXPECT_TRUE(is_rtcp(std::vector<uint8_t>{0x81, 201}));          // RR
  EXPECT_FALSE(is_rtcp(packet(kPlain, 160)));                     // PT 0
  EXPECT_FALSE(is_rtcp(std::vector<uint8_t>{0x80, 0x80 | 101}));  // telephone-event with M
}

TEST(RtpPacketTest, WritesAndRewritesHeaders) {
  std::vector<uint8_t> bytes(172, 0xff);
  RtpHeader header;
  header.marker = true;
  header.payload_type = 101;
  header.sequence = 65535;
  header.timestamp = 0xfffffff0;
  header.ssrc = 42;
  ASSERT_EQ(write_rtp_header(bytes, header), 12u);
  auto parsed = parse_rtp(bytes);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed.value().marker);
  EXPECT_EQ(parsed.value().payload_type, 101);
  EXPECT_EQ(parsed.value().sequence, 65535);
  EXPECT_EQ(parsed.value().timestamp, 0xfffffff0u);
  rewrite_rtp_header(bytes, false, 7, 1000, 99);
  parsed = parse_rtp(bytes);
  EXPECT_FALSE(parsed.value().marker);
  EXPECT_EQ(parsed.value().payload_type, 101) << "the payload type stays";
  EXPECT_EQ(parsed.value().sequence, 7);
  EXPECT_EQ(parsed.value().timestamp, 1000u);
  EXPECT_EQ(parsed.value().ssrc, 99u);
  EXPECT_EQ(bytes[12], 0xff) << "the payload stays";
}

}  // namespace
}  // namespace tandem::media
