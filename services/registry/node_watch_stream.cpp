#include "services/registry/node_watch_stream.hpp"

namespace tandem::registry {

bool NodeWatchStream::Link::deliver(const v1::NodeEvent& event) {
  std::lock_guard lock(mutex_);
  return stream_ != nullptr && stream_->push(&event);
}

void NodeWatchStream::Link::close() {
  std::lock_guard lock(mutex_);
  if (stream_ != nullptr) stream_->push(nullptr);
}

bool NodeWatchStream::Link::gone() const {
  std::lock_guard lock(mutex_);
  return stream_ == nullptr;
}

void NodeWatchStream::Link::detach() {
  std::lock_guard lock(mutex_);
  stream_ = nullptr;
}

NodeWatchStream::NodeWatchStream() : link_(std::make_shared<Link>(this)) {}

NodeWatchStream* NodeWatchStream::start(const caf::actor& hub, v1::NodeRole role) {
  auto* stream = new NodeWatchStream();
  NodeEventSink sink = stream->link_;
  caf::anon_send(hub, subscribe_atom::value, std::move(sink), static_cast<int32_t>(role));
  return stream;
}

bool NodeWatchStream::push(const v1::NodeEvent* event) {
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

void NodeWatchStream::write_next() {
  if (queue_.empty()) {
    if (ending_) {
      finish({grpc::StatusCode::UNAVAILABLE,
              "the registry is shutting down; watch again to reach another replica"});
    }
    return;
  }
  in_flight_ = std::move(queue_.front());
  queue_.pop_front();
  writing_ = true;
  StartWrite(&in_flight_);
}

void NodeWatchStream::finish(const grpc::Status& status) {
  if (finished_) return;
  finished_ = true;
  Finish(status);
}

void NodeWatchStream::OnWriteDone(bool ok) {
  std::lock_guard lock(mutex_);
  writing_ = false;
  if (!ok) return finish({grpc::StatusCode::CANCELLED, "the watcher went away"});
  if (!finished_) write_next();
}

void NodeWatchStream::OnCancel() {
  std::lock_guard lock(mutex_);
  finish(grpc::Status::CANCELLED);
}

void NodeWatchStream::OnDone() {
  link_->detach();
  delete this;
}

}  // namespace tandem::registry
