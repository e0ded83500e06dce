#include "services/signaling/channel/channel_state.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace tandem::channel {
namespace {

// Rows: from; columns: to; both in enum order
// NEW INIT ROUTING SOFT_EXECUTE EXECUTE EXCHANGE_MEDIA PARK CONSUME_MEDIA HIBERNATE RESET
// HANGUP REPORTING DESTROY. Written out by hand, apart from the code's bit sets.
constexpr std::array<const char*, kChannelStateCount> kLegal = {
    "0100000000100",  // NEW
    "0010101100100",  // INIT
    "0000101100100",  // ROUTING
    "0010111111100",  // SOFT_EXECUTE
    "0011011111100",  // EXECUTE
    "0011101111100",  // EXCHANGE_MEDIA
    "0011110111100",  // PARK
    "0011111011100",  // CONSUME_MEDIA
    "0011111101100",  // HIBERNATE
    "0011111110100",  // RESET
    "0000000000010",  // HANGUP
    "0000000000001",  // REPORTING
    "0000000000000",  // DESTROY
};

TEST(ChannelStateTest, EveryTransitionIsLegalOrIllegalAsTheTableSays) {
  for (int from = 0; from < kChannelStateCount; ++from) {
    for (int to = 0; to < kChannelStateCount; ++to) {
      const auto a = static_cast<ChannelState>(from);
      const auto b = static_cast<ChannelState>(to);
      EXPECT_EQ(is_legal_transition(a, b), kLegal[from][to] == '1')
          << state_name(a) << " -> " << state_name(b);
    }
  }
}

TEST(ChannelStateTest, NamesAreFreeSwitchsAndParseBack) {
  EXPECT_EQ(state_name(ChannelState::cs_new), "CS_NEW");
  EXPECT_EQ(state_name(ChannelState::cs_exchange_media), "CS_EXCHANGE_MEDIA");
  EXPECT_EQ(state_name(ChannelState::cs_destroy), "CS_DESTROY");
  for (int i = 0; i < kChannelStateCount; ++i) {
    const auto state = static_cast<ChannelState>(i);
    EXPECT_EQ(parse_state(state_name(state)), state);
  }
  EXPECT_FALSE(parse_state("CS_NONE").has_value());
  EXPECT_EQ(callstate_name(CallState::down), "DOWN");
  EXPECT_EQ(callstate_name(CallState::ring_wait), "RING_WAIT");
  EXPECT_EQ(callstate_name(CallState::unheld), "UNHELD");
}

}  // namespace
}  // namespace tandem::channel
