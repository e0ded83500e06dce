#include "services/signaling/media_nodes.hpp"

#include <algorithm>

#include "libs/common/logging.hpp"

namespace tandem::signaling {

MediaNodes::MediaNodes(std::shared_ptr<grpc::Channel> registry, std::chrono::milliseconds refresh,
                       LocalMediaNode local, MediaEventFeed::Deliver on_event)
    : directory_(v1::Directory::NewStub(std::move(registry))),
      interval_(refresh),
      local_(std::move(local)),
      on_event_(std::move(on_event)),
      thread_([this] { run(); }) {}

MediaNodes::~MediaNodes() { stop(); }

void MediaNodes::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  feeds_.clear();  // each cancels its stream and joins its thread
}

void MediaNodes::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    refresh();
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

void MediaNodes::refresh() {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  v1::ListNodesRequest request;
  request.set_role(v1::NODE_ROLE_MEDIA);
  v1::ListNodesResponse response;
  const auto status = directory_->List(&context, request, &response);
  if (!status.ok()) {
    component_logger("calls")->warn("cannot list media nodes: {}", status.error_message());
    return;
  }
  std::vector<v1::Node> nodes(response.nodes().begin(), response.nodes().end());
  std::erase_if(nodes, [](const v1::Node& node) {
    return node.draining() || !node.addresses().contains("grpc");
  });
  std::sort(nodes.begin(), nodes.end(),
            [](const v1::Node& a, const v1::Node& b) { return a.load() < b.load(); });
  std::lock_guard lock(mutex_);
  nodes_ = std::move(nodes);
}

std::optional<MediaNode> MediaNodes::pick() {
  std::lock_guard lock(mutex_);
  if (nodes_.empty()) return std::nullopt;
  const auto& node = nodes_.front();
  const std::string& address = node.addresses().at("grpc");
  auto& stub = stubs_[address];
  if (!stub) {
    const bool local = local_.channel && node.node_id() == local_.node_id;
    stub = v1::Media::NewStub(
        local ? local_.channel : grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
    if (on_event_ && !stopping_)
      feeds_[address] = std::make_unique<MediaEventFeed>(stub, on_event_);
  }
  return MediaNode{stub};
}

}  // namespace tandem::signaling
