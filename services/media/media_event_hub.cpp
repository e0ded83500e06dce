#include "services/media/media_event_hub.hpp"

#include <algorithm>

namespace tandem::media {

void MediaEventHub::subscribe(Subscriber subscriber, std::string call_id) {
  std::lock_guard lock(mutex_);
  watchers_.push_back({std::move(subscriber), std::move(call_id)});
}

void MediaEventHub::publish(const v1::MediaEvent& event) {
  std::lock_guard lock(mutex_);
  std::erase_if(watchers_, [&](const Watcher& watcher) {
    if (!watcher.call_id.empty() && watcher.call_id != event.call_id()) {
      return watcher.subscriber->gone();
    }
    return !watcher.subscriber->deliver(event);
  });
}

void MediaEventHub::close() {
  std::lock_guard lock(mutex_);
  for (auto& watcher : watchers_) watcher.subscriber->close();
  watchers_.clear();
}

}  // namespace tandem::media
