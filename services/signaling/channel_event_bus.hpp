#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <shared_mutex>
#include <string_view>
#include <utility>
#include <vector>

#include "services/signaling/channel/channel.hpp"

namespace tandem::signaling {

/// One change of one channel, as a subscriber hears it.
struct ChannelEventRecord {
  std::string_view tech;            // "SIP", "Local", "UnicastRTP"
  const channel::Channel& channel;  // identity, caller profile and variables, as they are now
  const channel::ChannelEvent& event;
  /// For CHANNEL_STATE: the running state the channel left; nothing for a new channel.
  std::optional<channel::ChannelState> previous;
};

/// The channel events of a node (FreeSWITCH's CHANNEL_* events, inside one process): each
/// channel actor publishes every change of its channel, and every subscriber hears it on
/// the publishing actor's thread, in order for that channel. Subscribers must therefore be
/// quick and thread-safe; an actor subscribes with a function that sends it a message.
/// The node's tandem_channels gauge is a subscriber; the control API will be another.
class ChannelEventBus {
 public:
  using Subscriber = std::function<void(const ChannelEventRecord&)>;

  /// Returns the id to unsubscribe with.
  uint64_t subscribe(Subscriber subscriber);
  void unsubscribe(uint64_t id);
  void publish(const ChannelEventRecord& record) const;

 private:
  mutable std::shared_mutex mutex_;
  std::vector<std::pair<uint64_t, Subscriber>> subscribers_;
  uint64_t next_id_ = 1;
};

}  // namespace tandem::signaling
