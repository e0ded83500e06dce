#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "libs/common/watch_stream.hpp"
#include "tandem/v1/media.pb.h"

namespace tandem::media {

/// Fans the node's media events out to Media.WatchEvents callers, each filtered by call.
/// Thread-safe. publish() runs on the packet loop: delivering only queues on the stream.
class MediaEventHub {
 public:
  using Subscriber = std::shared_ptr<EventSubscriber<v1::MediaEvent>>;

  /// Adds a watcher of one call's events (every call when `call_id` is empty).
  void subscribe(Subscriber subscriber, std::string call_id);
  void publish(const v1::MediaEvent& event);
  /// Ends every stream: the node is stopping.
  void close();

 private:
  struct Watcher {
    Subscriber subscriber;
    std::string call_id;
  };
  std::mutex mutex_;
  std::vector<Watcher> watchers_;
};

}  // namespace tandem::media
