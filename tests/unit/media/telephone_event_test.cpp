#include "libs/media/telephone_event.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace tandem::media {
namespace {

using std::chrono::milliseconds;
using TimePoint = TelephoneEventReceiver::TimePoint;

TEST(TelephoneEventTest, ParsesAndEncodesTheFourBytes) {
  const std::vector<uint8_t> payload = {11, 0x80 | 0x40 | 10, 0x03, 0x20};  // '#', E, R, -10 dBm0
  const auto event = parse_telephone_event(payload);
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->event, 11);
  EXPECT_TRUE(event->end);
  EXPECT_EQ(event->volume, 10) << "the reserved bit is ignored";
  EXPECT_EQ(event->duration, 800);
  const auto encoded = encode_telephone_event(*event);
  EXPECT_EQ(encoded[1], 0x80 | 10) << "the reserved bit is sent as 0";
  EXPECT_FALSE(parse_telephone_event(std::vector<uint8_t>{1, 2, 3}).has_value());
}

TEST(TelephoneEventTest, MapsDigitsBothWays) {
  const std::string digits = "0123456789*#ABCD";
  for (size_t i = 0; i < digits.size(); ++i) {
    EXPECT_EQ(dtmf_digit(static_cast<uint8_t>(i)), digits[i]);
    EXPECT_EQ(dtmf_event(digits[i]), i);
  }
  EXPECT_FALSE(dtmf_digit(16).has_value()) << "flash is not a key";
  EXPECT_FALSE(dtmf_event('x').has_value());
}

class ReceiverTest : public ::testing::Test {
 protected:
  void packet(uint32_t ts, uint8_t event, bool end, uint16_t duration, int at_ms = 0,
              uint32_t ssrc = 1) {
    receiver.on_packet(ssrc, ts, {event, end, 10, duration}, start + milliseconds(at_ms), presses);
  }
  TelephoneEventReceiver receiver{milliseconds(500)};
  TimePoint start{};
  std::vector<DtmfPress> presses;
};

TEST_F(ReceiverTest, OnePressPerEventWhateverThePacketCount) {
  packet(1000, 5, false, 160, 0);
  packet(1000, 5, false, 320, 20);
  packet(1000, 5, false, 480, 40);
  EXPECT_TRUE(presses.empty()) << "reported at its end";
  packet(1000, 5, true, 640, 60);
  packet(1000, 5, true, 640, 61);  // the end, sent three times
  packet(1000, 5, true, 640, 62);
  ASSERT_EQ(presses.size(), 1u);
  EXPECT_EQ(presses[0].digit, '5');
  EXPECT_EQ(presses[0].duration, 640u);
  packet(1000, 5, false, 480, 70);  // a late update of the same event
  EXPECT_EQ(presses.size(), 1u);
}

TEST_F(ReceiverTest, TheSameDigitTwiceIsTwoPresses) {
  packet(1000, 1, true, 800);
  packet(2000, 1, true, 800, 200);
  ASSERT_EQ(presses.size(), 2u);
}

TEST_F(ReceiverTest, ANewEventEndsOneWhoseEndWasLost) {
  packet(1000, 1, false, 160);
  packet(2000, 2, true, 160, 100);
  ASSERT_EQ(presses.size(), 2u);
  EXPECT_EQ(presses[0].digit, '1');
  EXPECT_EQ(presses[1].digit, '2');
}

TEST_F(ReceiverTest, AnEventWithoutEndExpires) {
  packet(1000, 9, false, 160);
  EXPECT_FALSE(receiver.expire(start + milliseconds(499)).has_value());
  const auto press = receiver.expire(start + milliseconds(500));
  ASSERT_TRUE(press.has_value());
  EXPECT_EQ(press->digit, '9');
  EXPECT_FALSE(receiver.expire(start + milliseconds(2000)).has_value()) << "reported once";
  packet(1000, 9, true, 800, 600);
  EXPECT_TRUE(presses.empty()) << "its end arriving late is not a new press";
}

TEST_F(ReceiverTest, OtherSourcesAreOtherEvents) {
  packet(1000, 3, true, 160, 0, 1);
  packet(1000, 3, true, 160, 0, 2);
  EXPECT_EQ(presses.size(), 2u);
}

TEST_F(ReceiverTest, IgnoresEventsThatAreNotKeys) {
  packet(1000, 16, true, 160);
  packet(1000, 70, true, 160);
  EXPECT_TRUE(presses.empty());
}

TEST(TelephoneEventSenderTest, SendsUpdatesThenTheEndThreeTimes) {
  TelephoneEventSender sender(/*event=*/7, /*start_timestamp=*/48000, /*duration=*/640);
  std::vector<TelephoneEventPacket> packets;
  while (auto p = sender.next()) packets.push_back(*p);
  ASSERT_EQ(packets.size(), 3u + 3u);
  std::vector<uint16_t> durations;
  for (size_t i = 0; i < packets.size(); ++i) {
    const auto event = parse_telephone_event(packets[i].payload).value();
    EXPECT_EQ(packets[i].timestamp, 48000u) << "every packet carries the start timestamp";
    EXPECT_EQ(packets[i].marker, i == 0);
    EXPECT_EQ(event.event, 7);
    EXPECT_EQ(event.volume, 10);
    EXPECT_EQ(event.end, i >= 3);
    durations.push_back(event.duration);
  }
  EXPECT_EQ(durations, (std::vector<uint16_t>{160, 320, 480, 640, 640, 640}));
  EXPECT_TRUE(sender.done());
}

TEST(TelephoneEventSenderTest, AShortPressIsOnlyItsEnds) {
  TelephoneEventSender sender(1, 0, 100);
  std::vector<TelephoneEventPacket> packets;
  while (auto p = sender.next()) packets.push_back(*p);
  ASSERT_EQ(packets.size(), 3u);
  EXPECT_TRUE(packets[0].marker);
  EXPECT_EQ(parse_telephone_event(packets[0].payload)->duration, 100);
}

TEST(TelephoneEventSenderTest, WhatItSendsTheReceiverReadsAsOnePress) {
  TelephoneEventSender sender(11, 9000, 1000);
  TelephoneEventReceiver receiver;
  std::vector<DtmfPress> presses;
  TelephoneEventReceiver::TimePoint now{};
  while (auto p = sender.next()) {
    receiver.on_packet(5, p->timestamp, *parse_telephone_event(p->payload), now, presses);
    now += milliseconds(20);
  }
  ASSERT_EQ(presses.size(), 1u);
  EXPECT_EQ(presses[0].digit, '#');
  EXPECT_EQ(presses[0].duration, 1000u);
}

}  // namespace
}  // namespace tandem::media
