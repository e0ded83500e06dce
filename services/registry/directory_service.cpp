#include "services/registry/directory_service.hpp"

#include "services/registry/node_events.hpp"
#include "services/registry/node_validation.hpp"
#include "services/registry/node_watch_stream.hpp"
#include "services/registry/registry_atoms.hpp"
#include "services/registry/unary_call.hpp"

namespace tandem::registry {
namespace {

/// A Watch call refused before it starts.
class RefusedWatch final : public grpc::ServerWriteReactor<v1::NodeEvent> {
 public:
  explicit RefusedWatch(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace

DirectoryService::DirectoryService(NodeStore& store, caf::actor hub, RegistryMetrics& metrics)
    : store_(store), hub_(std::move(hub)), metrics_(metrics) {}

grpc::ServerUnaryReactor* DirectoryService::Announce(grpc::CallbackServerContext* context,
                                                     const v1::AnnounceRequest* request,
                                                     v1::AnnounceResponse* response) {
  const UnaryCall call(context->DefaultReactor(), metrics_, "announce");
  if (auto ok = check_announce(*request); !ok) return call.fail(ok.failure());
  store_.announce(request->node(), std::chrono::seconds{request->ttl_seconds()},
                  call.answer<v1::Node>([response, hub = hub_](v1::Node& node) {
                    *response->mutable_node() = std::move(node);
                    caf::anon_send(hub, poke_atom::value);
                  }));
  return call.reactor();
}

grpc::ServerUnaryReactor* DirectoryService::Withdraw(grpc::CallbackServerContext* context,
                                                     const v1::WithdrawRequest* request,
                                                     v1::WithdrawResponse* response) {
  const UnaryCall call(context->DefaultReactor(), metrics_, "withdraw");
  if (auto ok = check_node_id("node_id", request->node_id()); !ok) return call.fail(ok.failure());
  store_.withdraw(request->node_id(), call.answer<bool>([response, hub = hub_](bool& removed) {
    response->set_removed(removed);
    caf::anon_send(hub, poke_atom::value);
  }));
  return call.reactor();
}

grpc::ServerUnaryReactor* DirectoryService::List(grpc::CallbackServerContext* context,
                                                 const v1::ListNodesRequest* request,
                                                 v1::ListNodesResponse* response) {
  const UnaryCall call(context->DefaultReactor(), metrics_, "list_nodes");
  if (auto ok = check_role_filter(request->role()); !ok) return call.fail(ok.failure());
  using Nodes = std::vector<v1::Node>;
  store_.list(call.answer<Nodes>([response, role = request->role()](Nodes& nodes) {
    for (auto& node : nodes) {
      if (holds_role(node, role)) *response->add_nodes() = std::move(node);
    }
  }));
  return call.reactor();
}

grpc::ServerWriteReactor<v1::NodeEvent>* DirectoryService::Watch(
    grpc::CallbackServerContext* /*context*/, const v1::WatchNodesRequest* request) {
  auto refused = check_role_filter(request->role());
  if (refused && stopping_) {
    refused = unavailable("the registry is shutting down; watch again to reach another replica");
  }
  if (!refused) {
    metrics_.count_operation("watch", metric_label(refused.failure().code));
    return new RefusedWatch(to_grpc_status(refused.failure()));
  }
  metrics_.count_operation("watch", "ok");
  return start_node_watch(hub_, request->role());
}

}  // namespace tandem::registry
