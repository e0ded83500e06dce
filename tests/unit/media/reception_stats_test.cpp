#include "libs/media/reception_stats.hpp"

#include <gtest/gtest.h>

namespace tandem::media {
namespace {

/// Feeds packets 20 ms apart at 8 kHz, in sequence from `first`, each arriving on time plus
/// `late` units.
void feed(ReceptionStats& stats, uint16_t first, int count, uint32_t late = 0) {
  for (int i = 0; i < count; ++i) {
    const auto n = static_cast<uint32_t>(i);
    stats.on_packet(static_cast<uint16_t>(first + i), 1000 + 160 * n, 5000 + 160 * n + late);
  }
}

TEST(ReceptionStatsTest, CountsASourceOnceItIsOutOfProbation) {
  ReceptionStats stats;
  EXPECT_FALSE(stats.on_packet(100, 0, 0)) << "the first packet is on probation";
  EXPECT_TRUE(stats.on_packet(101, 160, 160));
  feed(stats, 102, 98);
  EXPECT_EQ(stats.received(), 99u);
  EXPECT_EQ(stats.expected(), 99u);
  EXPECT_EQ(stats.lost(), 0);
  EXPECT_EQ(stats.jitter(), 0u) << "packets on time have no jitter";
}

TEST(ReceptionStatsTest, CountsLossAndItsFraction) {
  ReceptionStats stats;
  feed(stats, 1, 2);
  for (uint16_t seq = 3; seq < 103; ++seq) {
    if (seq % 4 != 0) stats.on_packet(seq, 160u * seq, 160u * seq);
  }
  EXPECT_EQ(stats.expected(), 101u);
  EXPECT_EQ(stats.lost(), 25);
  EXPECT_EQ(stats.take_fraction_lost(), 25 * 256 / 101);
  EXPECT_EQ(stats.take_fraction_lost(), 0) << "nothing since the last report";
}

TEST(ReceptionStatsTest, FollowsSequenceNumbersAcrossTheWrap) {
  ReceptionStats stats;
  feed(stats, 65530, 20);
  EXPECT_EQ(stats.received(), 19u);
  EXPECT_EQ(stats.lost(), 0);
  EXPECT_EQ(stats.extended_highest(), (1u << 16) + 13) << "one cycle, then 13";
}

TEST(ReceptionStatsTest, DuplicatesMakeLossNegativeAndReorderingIsNotLoss) {
  ReceptionStats stats;
  feed(stats, 10, 5);
  stats.on_packet(14, 0, 0);  // a duplicate
  EXPECT_EQ(stats.lost(), -1);
  ReceptionStats reordered;
  feed(reordered, 10, 3);
  reordered.on_packet(14, 0, 0);
  reordered.on_packet(13, 0, 0);
  EXPECT_EQ(reordered.lost(), 0);
}

TEST(ReceptionStatsTest, BelievesAJumpOnlyWhenTheNextPacketFollowsIt) {
  ReceptionStats stats;
  feed(stats, 100, 10);
  EXPECT_FALSE(stats.on_packet(40000, 0, 0));
  EXPECT_TRUE(stats.on_packet(40001, 160, 160)) << "the sender restarted: start over";
  EXPECT_EQ(stats.received(), 1u);
  EXPECT_EQ(stats.lost(), 0);
}

TEST(ReceptionStatsTest, JitterFollowsRfc3550A8) {
  ReceptionStats stats;
  // Alternate packets arrive 80 units late: |D| = 80 on every packet after the second.
  for (int i = 0; i < 400; ++i) {
    const auto n = static_cast<uint32_t>(i);
    stats.on_packet(static_cast<uint16_t>(i), 160 * n, 160 * n + (i % 2 == 0 ? 0 : 80));
  }
  // J converges on the mean |D|, 80, within the integer rounding of A.8.
  EXPECT_NEAR(stats.jitter(), 80, 1);
}

}  // namespace
}  // namespace tandem::media
