#include "services/signaling/media_nodes.hpp"

#include <algorithm>

#include "libs/common/logging.hpp"

namespace tandem::signaling {
namespace {

/// The ports a call takes at least on its media node: one endpoint (RTP and RTCP).
constexpr double kPortsPerCall = 2;

}  // namespace

size_t least_loaded(const std::vector<v1::Node>& nodes, const std::vector<int64_t>& picked_since) {
  size_t best = 0;
  double best_load = 0;
  for (size_t i = 0; i < nodes.size(); ++i) {
    const auto& node = nodes[i];
    const auto free = node.gauges().find("free_ports");
    const double picked = i < picked_since.size() ? static_cast<double>(picked_since[i]) : 0;
    // The node's size in ports, from what was free at that load; unknown when full or not
    // said, in which case each call counts as a thousandth.
    double load = node.load() + picked / 1000;
    if (free != node.gauges().end() && free->second > 0 && node.load() < 1) {
      const double total = static_cast<double>(free->second) / (1 - node.load());
      load = node.load() + picked * kPortsPerCall / total;
    }
    if (i == 0 || load < best_load) {
      best = i;
      best_load = load;
    }
  }
  return best;
}

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
  std::lock_guard lock(mutex_);
  std::map<std::string, Picks> picks;
  for (const auto& node : nodes) {
    const int64_t announced =
        node.announced_at().seconds() * 1'000'000'000 + node.announced_at().nanos();
    Picks& kept = picks[node.node_id()];
    if (const auto found = picks_.find(node.node_id());
        found != picks_.end() && found->second.announced_at == announced)
      kept = found->second;  // the node's figures do not count these calls yet
    kept.announced_at = announced;
  }
  picks_ = std::move(picks);
  nodes_ = std::move(nodes);
}

std::optional<MediaNode> MediaNodes::pick() {
  std::lock_guard lock(mutex_);
  if (nodes_.empty()) return std::nullopt;
  std::vector<int64_t> picked_since;
  for (const auto& node : nodes_) picked_since.push_back(picks_[node.node_id()].count);
  const size_t chosen = least_loaded(nodes_, picked_since);
  ++picks_[nodes_[chosen].node_id()].count;
  const auto& node = nodes_[chosen];
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
