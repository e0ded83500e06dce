#pragma once

#include <caf/all.hpp>
#include <grpcpp/grpcpp.h>

#include <deque>
#include <memory>
#include <mutex>

#include "services/registry/registry_atoms.hpp"

namespace tandem::registry {

/// One Directory.Watch call: subscribes to the watch hub and writes its events to the client,
/// one write in flight at a time. A client that falls more than kMaxQueued events behind is
/// cut off with RESOURCE_EXHAUSTED rather than left to grow memory. Deletes itself when gRPC
/// is done with it.
class NodeWatchStream final : public grpc::ServerWriteReactor<v1::NodeEvent> {
 public:
  static constexpr size_t kMaxQueued = 10'000;

  /// Starts a stream for `role` fed by `hub`. The returned reactor belongs to gRPC.
  static NodeWatchStream* start(const caf::actor& hub, v1::NodeRole role);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  /// What the hub holds: reaches the stream until gRPC is done with it.
  class Link final : public NodeEventSubscriber {
   public:
    explicit Link(NodeWatchStream* stream) : stream_(stream) {}
    bool deliver(const v1::NodeEvent& event) override;
    void close() override;
    bool gone() const override;
    void detach();

   private:
    mutable std::mutex mutex_;
    NodeWatchStream* stream_;
  };

  NodeWatchStream();
  bool push(const v1::NodeEvent* event);
  void write_next();
  void finish(const grpc::Status& status);

  std::shared_ptr<Link> link_;
  std::mutex mutex_;
  std::deque<v1::NodeEvent> queue_;
  v1::NodeEvent in_flight_;
  bool writing_ = false;
  bool ending_ = false;
  bool finished_ = false;
};

}  // namespace tandem::registry
