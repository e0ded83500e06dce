#include "services/signaling/channel_event_bus.hpp"

#include <algorithm>
#include <mutex>

namespace tandem::signaling {

uint64_t ChannelEventBus::subscribe(Subscriber subscriber) {
  std::unique_lock lock(mutex_);
  const uint64_t id = next_id_++;
  subscribers_.emplace_back(id, std::move(subscriber));
  return id;
}

void ChannelEventBus::unsubscribe(uint64_t id) {
  std::unique_lock lock(mutex_);
  std::erase_if(subscribers_, [id](const auto& entry) { return entry.first == id; });
}

void ChannelEventBus::publish(const ChannelEventRecord& record) const {
  std::shared_lock lock(mutex_);
  for (const auto& [id, subscriber] : subscribers_) subscriber(record);
}

}  // namespace tandem::signaling
