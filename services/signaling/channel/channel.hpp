#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "services/signaling/channel/channel_state_machine.hpp"

namespace tandem::channel {

/// Who is calling whom, as the dialplan and the call record see it (FreeSWITCH's caller
/// profile).
struct CallerProfile {
  std::string caller_id_name;
  std::string caller_id_number;
  std::string destination_number;  // what was dialed: ${EXTEN} while routing
  std::string context = "default";
  std::string network_address;  // where the leg's signaling came from
};

/// One call leg: its identity (Asterisk's), caller profile, variables and its state
/// machine. Plain data owned by one channel actor; nothing else changes it.
struct Channel {
  Channel(std::string unique_id, std::string name, ChannelStateMachine::Direction direction,
          std::chrono::system_clock::time_point created)
      : unique_id(std::move(unique_id)),
        name(std::move(name)),
        direction(direction),
        created(created),
        linked_id(this->unique_id),
        machine(direction) {}

  /// A channel variable, or nothing when unset.
  std::optional<std::string_view> variable(std::string_view key) const {
    const auto found = variables.find(key);
    if (found == variables.end()) return std::nullopt;
    return found->second;
  }

  std::string unique_id;  // `<system>-<epoch>.<seq>`, or what the client chose
  std::string name;       // `SIP/alice-00000001`
  ChannelStateMachine::Direction direction;
  std::chrono::system_clock::time_point created;
  /// The oldest UniqueID of the call: its own, or that of the channel that dialed it.
  std::string linked_id;
  CallerProfile caller;
  std::map<std::string, std::string, std::less<>> variables;
  ChannelStateMachine machine;
};

}  // namespace tandem::channel
