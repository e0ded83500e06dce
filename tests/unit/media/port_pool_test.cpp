#include "services/media/port_pool.hpp"

#include <gtest/gtest.h>

namespace tandem::media {
namespace {

TEST(PortPoolTest, HandsOutEvenPortsOfTheRange) {
  PortPool pool(10001, 10010);  // even ports 10002..10008: 10010 has no odd port above it
  EXPECT_EQ(pool.total_ports(), 4u);
  EXPECT_EQ(pool.take(), 10002);
  EXPECT_EQ(pool.take(), 10004);
  EXPECT_EQ(pool.take(), 10006);
  EXPECT_EQ(pool.take(), 10008);
  EXPECT_FALSE(pool.take().has_value());
  EXPECT_EQ(pool.free_ports(), 0u);
}

TEST(PortPoolTest, AReleasedPortIsTheLastToBeReused) {
  PortPool pool(20000, 20005);
  const auto first = pool.take();
  pool.give_back(*first);
  EXPECT_EQ(pool.take(), 20002);
  EXPECT_EQ(pool.take(), 20004);
  EXPECT_EQ(pool.take(), 20000);
}

TEST(PortPoolTest, RetiredPortsLeaveTheTotal) {
  PortPool pool(20000, 20003);
  const auto port = pool.take();
  pool.retire(*port);
  EXPECT_EQ(pool.total_ports(), 1u);
  EXPECT_EQ(pool.free_ports(), 1u);
}

}  // namespace
}  // namespace tandem::media
