#include "services/signaling/media_event_feed.hpp"

namespace tandem::signaling {

MediaEventFeed::MediaEventFeed(std::shared_ptr<v1::Media::Stub> stub, Deliver deliver)
    : stub_(std::move(stub)), deliver_(std::move(deliver)), thread_([this] { run(); }) {}

MediaEventFeed::~MediaEventFeed() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (current_ != nullptr) current_->TryCancel();
  }
  wake_.notify_all();
  thread_.join();
}

void MediaEventFeed::run() {
  for (;;) {
    grpc::ClientContext context;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      current_ = &context;
    }
    v1::WatchEventsRequest request;  // every call of the node
    auto reader = stub_->WatchEvents(&context, request);
    v1::MediaEvent event;
    while (reader->Read(&event)) deliver_(event);
    (void)reader->Finish();
    std::unique_lock lock(mutex_);
    current_ = nullptr;
    if (wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; })) return;
  }
}

}  // namespace tandem::signaling
