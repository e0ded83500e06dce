#include "services/signaling/channel/channel_state.hpp"

#include <array>

namespace tandem::channel {
namespace {

constexpr std::array<std::string_view, kChannelStateCount> kStateNames = {
    "CS_NEW",       "CS_INIT",           "CS_ROUTING", "CS_SOFT_EXECUTE",
    "CS_EXECUTE",   "CS_EXCHANGE_MEDIA", "CS_PARK",    "CS_CONSUME_MEDIA",
    "CS_HIBERNATE", "CS_RESET",          "CS_HANGUP",  "CS_REPORTING",
    "CS_DESTROY"};

constexpr std::array<std::string_view, kCallStateCount> kCallStateNames = {
    "DOWN", "DIALING", "RINGING", "EARLY", "ACTIVE", "HELD", "RING_WAIT", "HANGUP", "UNHELD"};

constexpr uint16_t bit(ChannelState state) { return uint16_t{1} << static_cast<int>(state); }

using S = ChannelState;
/// The states each state may go to, as bit sets. The live states that run the call
/// (execute, park, bridge, ...) move among each other as applications and bridges
/// decide; any live state may hang up; the end is one way.
constexpr uint16_t kExecutionStates =
    bit(S::cs_soft_execute) | bit(S::cs_execute) | bit(S::cs_exchange_media) | bit(S::cs_park) |
    bit(S::cs_consume_media) | bit(S::cs_hibernate) | bit(S::cs_reset);

constexpr std::array<uint16_t, kChannelStateCount> kNext = {
    /* cs_new */ bit(S::cs_init) | bit(S::cs_hangup),
    /* cs_init */ bit(S::cs_routing) | bit(S::cs_execute) | bit(S::cs_consume_media) |
        bit(S::cs_park) | bit(S::cs_hangup),
    /* cs_routing */ bit(S::cs_execute) | bit(S::cs_consume_media) | bit(S::cs_park) |
        bit(S::cs_hangup),
    /* cs_soft_execute */ (kExecutionStates & ~bit(S::cs_soft_execute)) | bit(S::cs_routing) |
        bit(S::cs_hangup),
    /* cs_execute */ (kExecutionStates & ~bit(S::cs_execute)) | bit(S::cs_routing) |
        bit(S::cs_hangup),
    /* cs_exchange_media */ (kExecutionStates & ~bit(S::cs_exchange_media)) | bit(S::cs_routing) |
        bit(S::cs_hangup),
    /* cs_park */ (kExecutionStates & ~bit(S::cs_park)) | bit(S::cs_routing) | bit(S::cs_hangup),
    /* cs_consume_media */ (kExecutionStates & ~bit(S::cs_consume_media)) | bit(S::cs_routing) |
        bit(S::cs_hangup),
    /* cs_hibernate */ (kExecutionStates & ~bit(S::cs_hibernate)) | bit(S::cs_routing) |
        bit(S::cs_hangup),
    /* cs_reset */ (kExecutionStates & ~bit(S::cs_reset)) | bit(S::cs_routing) | bit(S::cs_hangup),
    /* cs_hangup */ bit(S::cs_reporting),
    /* cs_reporting */ bit(S::cs_destroy),
    /* cs_destroy */ 0,
};

}  // namespace

std::string_view state_name(ChannelState state) { return kStateNames[static_cast<int>(state)]; }

std::string_view callstate_name(CallState state) {
  return kCallStateNames[static_cast<int>(state)];
}

std::optional<ChannelState> parse_state(std::string_view name) {
  for (int i = 0; i < kChannelStateCount; ++i) {
    if (kStateNames[i] == name) return static_cast<ChannelState>(i);
  }
  return std::nullopt;
}

bool is_legal_transition(ChannelState from, ChannelState to) {
  return (kNext[static_cast<int>(from)] & bit(to)) != 0;
}

}  // namespace tandem::channel
