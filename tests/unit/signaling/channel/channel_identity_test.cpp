#include "services/signaling/channel/channel_identity.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

#include "tests/support/manual_clock.hpp"

namespace tandem::channel {
namespace {

TEST(UniqueIdSourceTest, IsSystemNameEpochAndASequenceFromZero) {
  testing::ManualClock clock;
  UniqueIdSource ids("tandem-sig-1", clock);
  const auto epoch =
      std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count();
  EXPECT_EQ(ids.next(), "tandem-sig-1-" + std::to_string(epoch) + ".0");
  clock.advance(std::chrono::seconds(3));
  EXPECT_EQ(ids.next(), "tandem-sig-1-" + std::to_string(epoch + 3) + ".1");
}

TEST(UniqueIdSourceTest, NeverRepeatsAcrossThreads) {
  testing::ManualClock clock;
  UniqueIdSource ids("n", clock);
  std::vector<std::vector<std::string>> made(4);
  std::vector<std::thread> threads;
  for (auto& out : made) {
    threads.emplace_back([&ids, &out] {
      for (int i = 0; i < 1000; ++i) out.push_back(ids.next());
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> all;
  for (const auto& out : made) all.insert(out.begin(), out.end());
  EXPECT_EQ(all.size(), 4000u);
}

TEST(UniqueIdSourceTest, ClientChosenIdsAreChecked) {
  EXPECT_TRUE(check_unique_id("my-call-42").ok());
  EXPECT_TRUE(check_unique_id(std::string(149, 'a')).ok());
  EXPECT_THAT(check_unique_id(std::string(150, 'a')).failure().message,
              ::testing::HasSubstr("1 to 149"));
  EXPECT_FALSE(check_unique_id("").ok());
  EXPECT_FALSE(check_unique_id("has space").ok());
  EXPECT_FALSE(check_unique_id("tab\there").ok());
}

TEST(ChannelNamerTest, NamesCountPerTechnologyInEightHexDigits) {
  ChannelNamer namer;
  EXPECT_EQ(namer.name("SIP", "alice"), "SIP/alice-00000001");
  EXPECT_EQ(namer.name("SIP", "bob"), "SIP/bob-00000002");
  EXPECT_EQ(namer.name("AudioSocket", "127.0.0.1:9092"), "AudioSocket/127.0.0.1:9092-00000001");
  for (int i = 0; i < 28; ++i) namer.name("SIP", "x");
  EXPECT_EQ(namer.name("SIP", "carol"), "SIP/carol-0000001f");
}

TEST(ChannelNamerTest, LocalChannelsComeInPairs) {
  ChannelNamer namer;
  const auto [one, two] = namer.local_pair("600", "default");
  EXPECT_EQ(one, "Local/600@default-00000001;1");
  EXPECT_EQ(two, "Local/600@default-00000001;2");
  EXPECT_EQ(namer.local_pair("700", "demo").first, "Local/700@demo-00000002;1");
}

}  // namespace
}  // namespace tandem::channel
