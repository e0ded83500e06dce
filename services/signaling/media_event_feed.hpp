#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "tandem/v1/media.grpc.pb.h"

namespace tandem::signaling {

/// The events of one media node (DTMF, media timeouts, AudioSocket sessions ending), read
/// from its Media.WatchEvents stream on a thread of its own and handed to `deliver`. The
/// stream is opened again a second after it breaks (the node restarted, the network).
class MediaEventFeed {
 public:
  using Deliver = std::function<void(const v1::MediaEvent&)>;

  MediaEventFeed(std::shared_ptr<v1::Media::Stub> stub, Deliver deliver);
  ~MediaEventFeed();
  MediaEventFeed(const MediaEventFeed&) = delete;
  MediaEventFeed& operator=(const MediaEventFeed&) = delete;

 private:
  void run();

  std::shared_ptr<v1::Media::Stub> stub_;
  Deliver deliver_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  grpc::ClientContext* current_ = nullptr;  // the open stream's, to cancel it
  std::thread thread_;
};

}  // namespace tandem::signaling
