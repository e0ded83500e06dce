#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "services/signaling/media_event_feed.hpp"
#include "tandem/v1/media.grpc.pb.h"
#include "tandem/v1/registry.grpc.pb.h"

namespace tandem::signaling {

/// A media node chosen for a call: the stub that reaches it. (Every leg of a held call
/// keeps one, so it holds nothing else.)
struct MediaNode {
  std::shared_ptr<v1::Media::Stub> stub;
};

/// The media role of the same process, reached without the network.
struct LocalMediaNode {
  std::string node_id;
  std::shared_ptr<grpc::Channel> channel;  // nothing: the process has no media role
};

/// Which of `nodes` (from the directory: load and the free_ports gauge as of their last
/// announcement, every 5 s by default) is the least loaded once the calls anchored on each
/// since that announcement are counted, `picked_since[i]` for `nodes[i]`, each taking at
/// least an endpoint's two ports. Without them, every call of a burst lands on the node
/// that was least loaded when the nodes last announced. `nodes` must not be empty.
size_t least_loaded(const std::vector<v1::Node>& nodes, const std::vector<int64_t>& picked_since);

/// The media nodes of the cluster, as the registry's directory lists them, refreshed every
/// `refresh` on a thread of its own; calls anchor their media on the least loaded one that
/// is not draining (least_loaded). Thread-safe.
class MediaNodes {
 public:
  /// `on_event` hears the events of every media node a call was anchored on, on feed
  /// threads.
  MediaNodes(std::shared_ptr<grpc::Channel> registry, std::chrono::milliseconds refresh,
             LocalMediaNode local, MediaEventFeed::Deliver on_event);
  ~MediaNodes();
  MediaNodes(const MediaNodes&) = delete;
  MediaNodes& operator=(const MediaNodes&) = delete;

  /// The least loaded live media node, or nothing when the directory knows none.
  std::optional<MediaNode> pick();
  /// Reads the directory now (start-up; tests).
  void refresh();
  /// Stops reading the directory; before the registry's channel goes away.
  void stop();

 private:
  void run();

  std::unique_ptr<v1::Directory::Stub> directory_;
  std::chrono::milliseconds interval_;
  LocalMediaNode local_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<v1::Node> nodes_;  // media nodes, as the directory lists them
  /// Calls anchored on a node (by node id) since its announcement of `announced_at`.
  struct Picks {
    int64_t announced_at = 0;  // ns since the epoch
    int64_t count = 0;
  };
  std::map<std::string, Picks> picks_;
  std::map<std::string, std::shared_ptr<v1::Media::Stub>> stubs_;  // by gRPC address
  MediaEventFeed::Deliver on_event_;
  std::map<std::string, std::unique_ptr<MediaEventFeed>> feeds_;  // by gRPC address
  std::thread thread_;
};

/// Starts one asynchronous unary call (`start` calls stub->async()->Method) and hands its
/// status and response to `done`, on a gRPC thread. The call gets `timeout`.
template <class Request, class Response, class Start>
void call_media(Start start, Request request, std::function<void(grpc::Status, Response)> done,
                std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  struct Call {
    grpc::ClientContext context;
    Request request;
    Response response;
  };
  auto call = std::make_shared<Call>();
  call->request = std::move(request);
  call->context.set_deadline(std::chrono::system_clock::now() + timeout);
  start(&call->context, &call->request, &call->response,
        [call, done = std::move(done)](grpc::Status status) {
          done(std::move(status), std::move(call->response));
        });
}

}  // namespace tandem::signaling
