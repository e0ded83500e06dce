#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tandem::channel {

/// Where a channel is in its life: FreeSWITCH's running states (switch_channel_state_t),
/// in its order. Every change is a CHANNEL_STATE event.
enum class ChannelState : uint8_t {
  cs_new,             // just created, waiting for its first instruction
  cs_init,            // initialised: CHANNEL_CREATE
  cs_routing,         // looking up the dialplan
  cs_soft_execute,    // ready for third-party control
  cs_execute,         // running dialplan applications
  cs_exchange_media,  // exchanging media with another channel (a bridged leg)
  cs_park,            // parked: media accepted, waiting for commands
  cs_consume_media,   // reading and discarding media (an outbound leg before its bridge)
  cs_hibernate,       // sleeping, no media
  cs_reset,           // being reset
  cs_hangup,          // hung up: CHANNEL_HANGUP
  cs_reporting,       // writing the call record: CHANNEL_HANGUP_COMPLETE
  cs_destroy,         // leaving: CHANNEL_DESTROY
};
inline constexpr int kChannelStateCount = 13;

/// The call's progress as the far end sees it: FreeSWITCH's call states
/// (switch_channel_callstate_t). Every change is a CHANNEL_CALLSTATE event.
enum class CallState : uint8_t {
  down,
  dialing,
  ringing,
  early,
  active,
  held,
  ring_wait,
  hangup,
  unheld,
};
inline constexpr int kCallStateCount = 9;

/// "CS_NEW" ... "CS_DESTROY", as FreeSWITCH names them.
std::string_view state_name(ChannelState state);
/// "DOWN" ... "UNHELD".
std::string_view callstate_name(CallState state);
std::optional<ChannelState> parse_state(std::string_view name);

/// Whether the state machine may go from `from` to `to`. The table is FreeSWITCH's,
/// narrowed to what Tandem drives: forward through INIT and ROUTING, freely among the
/// execution states, to HANGUP from any live state, then REPORTING and DESTROY.
bool is_legal_transition(ChannelState from, ChannelState to);

}  // namespace tandem::channel
