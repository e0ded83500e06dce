#include "libs/media/dtmf_queue.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tandem::media {
namespace {

TEST(DtmfQueueTest, SendsEachDigitAsOneEventWithAPauseBetween) {
  DtmfQueue queue;
  ASSERT_TRUE(queue.add("1#", 480));  // 60 ms each: 3 updates, then the end three times
  std::string timeline;
  std::vector<TelephoneEventPacket> packets;
  for (uint32_t tick = 0; tick < 20; ++tick) {
    const auto packet = queue.next(1000 + 160 * tick);
    timeline += packet ? std::to_string(packet->payload[0] % 10) : std::string(".");
    if (packet) packets.push_back(*packet);
  }
  // '1' (event 1) for 5 packets, a 3-interval pause, '#' (event 11 -> 1) for 5, then idle.
  EXPECT_EQ(timeline, "11111...11111.......");
  EXPECT_FALSE(queue.busy());
  EXPECT_EQ(packets[0].timestamp, 1000u) << "the event starts on its first interval";
  EXPECT_TRUE(packets[0].marker);
  EXPECT_EQ(packets[4].timestamp, 1000u) << "every packet of an event has its timestamp";
  EXPECT_EQ(packets[5].timestamp, 1000u + 160 * 8);
  EXPECT_TRUE(packets[5].marker);
  EXPECT_EQ(packets[5].payload[0], 11);
}

TEST(DtmfQueueTest, RefusesAStringWithANonKeyAndQueuesNothing) {
  DtmfQueue queue;
  EXPECT_FALSE(queue.add("12x", 800));
  EXPECT_FALSE(queue.busy());
  EXPECT_FALSE(queue.next(0).has_value());
}

}  // namespace
}  // namespace tandem::media
