#pragma once

#include <grpcpp/grpcpp.h>

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace tandem {

/// What a publisher holds of one watcher: it reaches the watcher's stream until gRPC is
/// done with it. Thread-safe.
template <class Event>
class EventSubscriber {
 public:
  virtual ~EventSubscriber() = default;
  /// Queues one event; false once the watcher has gone (the publisher then forgets it).
  virtual bool deliver(const Event& event) = 0;
  /// The publisher is stopping: end the stream (UNAVAILABLE, so that clients watch again).
  virtual void close() = 0;
  /// True once the client has gone, so that a quiet publisher can forget it.
  virtual bool gone() const = 0;
};

/// One server-streaming "watch" call: writes the events its subscriber receives, one write
/// in flight at a time. A client that falls more than kMaxQueued events behind is cut off
/// with RESOURCE_EXHAUSTED rather than left to grow memory. Deletes itself when gRPC is
/// done with it.
template <class Event>
class WatchStream final : public grpc::ServerWriteReactor<Event> {
 public:
  static constexpr size_t kMaxQueued = 10'000;

  /// A new stream (owned by gRPC once returned from the handler) and the subscriber to
  /// hand to the publisher. `closing` is the message a client reads when close() ends it.
  static std::pair<WatchStream*, std::shared_ptr<EventSubscriber<Event>>> create(
      std::string closing) {
    auto* stream = new WatchStream(std::move(closing));
    return {stream, stream->link_};
  }

  void OnWriteDone(bool ok) override {
    std::lock_guard lock(mutex_);
    writing_ = false;
    if (!ok) return finish({grpc::StatusCode::CANCELLED, "the watcher went away"});
    if (!finished_) write_next();
  }

  void OnCancel() override {
    std::lock_guard lock(mutex_);
    finish(grpc::Status::CANCELLED);
  }

  void OnDone() override {
    link_->detach();
    delete this;
  }

 private:
  class Link final : public EventSubscriber<Event> {
   public:
    explicit Link(WatchStream* stream) : stream_(stream) {}
    bool deliver(const Event& event) override {
      std::lock_guard lock(mutex_);
      return stream_ != nullptr && stream_->push(&event);
    }
    void close() override {
      std::lock_guard lock(mutex_);
      if (stream_ != nullptr) stream_->push(nullptr);
    }
    bool gone() const override {
      std::lock_guard lock(mutex_);
      return stream_ == nullptr;
    }
    void detach() {
      std::lock_guard lock(mutex_);
      stream_ = nullptr;
    }

   private:
    mutable std::mutex mutex_;
    WatchStream* stream_;
  };

  explicit WatchStream(std::string closing)
      : closing_(std::move(closing)), link_(std::make_shared<Link>(this)) {}

  /// An event to write, or nullptr: end once the queue is written.
  bool push(const Event* event) {
    std::lock_guard lock(mutex_);
    if (finished_) return false;
    if (event == nullptr) {
      ending_ = true;
    } else if (queue_.size() >= kMaxQueued) {
      finish({grpc::StatusCode::RESOURCE_EXHAUSTED,
              "the watcher fell too far behind; watch again to resynchronise"});
      return false;
    } else {
      queue_.push_back(*event);
    }
    if (!writing_) write_next();
    return true;
  }

  void write_next() {
    if (queue_.empty()) {
      if (ending_) finish({grpc::StatusCode::UNAVAILABLE, closing_});
      return;
    }
    in_flight_ = std::move(queue_.front());
    queue_.pop_front();
    writing_ = true;
    this->StartWrite(&in_flight_);
  }

  void finish(const grpc::Status& status) {
    if (finished_) return;
    finished_ = true;
    this->Finish(status);
  }

  std::string closing_;
  std::shared_ptr<Link> link_;
  std::mutex mutex_;
  std::deque<Event> queue_;
  Event in_flight_;
  bool writing_ = false;
  bool ending_ = false;
  bool finished_ = false;
};

}  // namespace tandem
