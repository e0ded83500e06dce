#include "services/media/media_service.hpp"

#include "libs/common/grpc_status.hpp"

namespace tandem::media {
namespace {

/// A reply that finishes the call: with the failure, or OK after `fill` wrote the
/// response. Called once, on an actor thread (Finish is thread-safe).
template <class T, class Fill>
MediaNode::Reply<T> finish(grpc::ServerUnaryReactor* reactor, Fill fill) {
  return [reactor, fill = std::move(fill)](Result<T> result) mutable {
    if (!result) return reactor->Finish(to_grpc_status(result.failure()));
    fill(result.value());
    reactor->Finish(grpc::Status::OK);
  };
}

void ignore(Done&) {}

/// Finishes at once with `failure`.
grpc::ServerUnaryReactor* refuse(grpc::CallbackServerContext* context, const Failure& failure) {
  auto* reactor = context->DefaultReactor();
  reactor->Finish(to_grpc_status(failure));
  return reactor;
}

std::optional<Failure> missing(const std::string& value, const char* field) {
  if (!value.empty()) return std::nullopt;
  return invalid_argument(std::string(field) + ": required");
}

}  // namespace

grpc::ServerUnaryReactor* MediaService::CreateEndpoint(grpc::CallbackServerContext* context,
                                                       const v1::CreateEndpointRequest* request,
                                                       v1::CreateEndpointResponse* response) {
  // A draining node finishes its calls and takes no new ones (Kubernetes is replacing it).
  if (health_.draining())
    return refuse(context,
                  unavailable("this media node is draining: create the endpoint on another"));
  auto* reactor = context->DefaultReactor();
  node_.create_endpoint(*request, finish<v1::CreateEndpointResponse>(
                                      reactor, [response](v1::CreateEndpointResponse& created) {
                                        *response = std::move(created);
                                      }));
  return reactor;
}

grpc::ServerUnaryReactor* MediaService::UpdateEndpoint(grpc::CallbackServerContext* context,
                                                       const v1::UpdateEndpointRequest* request,
                                                       v1::UpdateEndpointResponse*) {
  if (auto failure = missing(request->endpoint_id(), "endpoint_id"))
    return refuse(context, *failure);
  auto* reactor = context->DefaultReactor();
  node_.update_endpoint(*request, finish<Done>(reactor, ignore));
  return reactor;
}

grpc::ServerUnaryReactor* MediaService::DestroyEndpoint(grpc::CallbackServerContext* context,
                                                        const v1::DestroyEndpointRequest* request,
                                                        v1::DestroyEndpointResponse* response) {
  if (auto failure = missing(request->endpoint_id(), "endpoint_id"))
    return refuse(context, *failure);
  auto* reactor = context->DefaultReactor();
  node_.destroy_endpoint(request->endpoint_id(),
                         finish<v1::EndpointStats>(reactor, [response](v1::EndpointStats& stats) {
                           *response->mutable_final_stats() = std::move(stats);
                         }));
  return reactor;
}

grpc::ServerUnaryReactor* MediaService::Bridge(grpc::CallbackServerContext* context,
                                               const v1::BridgeRequest* request,
                                               v1::BridgeResponse* response) {
  if (auto failure = missing(request->endpoint_a(), "endpoint_a")) return refuse(context, *failure);
  if (auto failure = missing(request->endpoint_b(), "endpoint_b")) return refuse(context, *failure);
  auto* reactor = context->DefaultReactor();
  node_.bridge(
      request->endpoint_a(), request->endpoint_b(),
      finish<std::string>(reactor, [response](std::string& id) { response->set_bridge_id(id); }));
  return reactor;
}

grpc::ServerUnaryReactor* MediaService::Unbridge(grpc::CallbackServerContext* context,
                                                 const v1::UnbridgeRequest* request,
                                                 v1::UnbridgeResponse*) {
  if (auto failure = missing(request->bridge_id(), "bridge_id")) return refuse(context, *failure);
  auto* reactor = context->DefaultReactor();
  node_.unbridge(request->bridge_id(), finish<Done>(reactor, ignore));
  return reactor;
}

grpc::ServerUnaryReactor* MediaService::Echo(grpc::CallbackServerContext* context,
                                             const v1::EchoRequest* request,
                                             v1::BridgeResponse* response) {
  if (auto failure = missing(request->endpoint_id(), "endpoint_id"))
    return refuse(context, *failure);
  auto* reactor = context->DefaultReactor();
  node_.echo(request->endpoint_id(), finish<std::string>(reactor, [response](std::string& id) {
               response->set_bridge_id(id);
             }));
  return reactor;
}

grpc::ServerUnaryReactor* MediaService::GetStats(grpc::CallbackServerContext* context,
                                                 const v1::GetStatsRequest* request,
                                                 v1::GetStatsResponse* response) {
  if (auto failure = missing(request->endpoint_id(), "endpoint_id"))
    return refuse(context, *failure);
  auto* reactor = context->DefaultReactor();
  node_.stats(request->endpoint_id(),
              finish<v1::EndpointStats>(reactor, [response](v1::EndpointStats& stats) {
                *response->mutable_stats() = std::move(stats);
              }));
  return reactor;
}

grpc::ServerUnaryReactor* MediaService::SendDtmf(grpc::CallbackServerContext* context,
                                                 const v1::SendDtmfRequest* request,
                                                 v1::SendDtmfResponse*) {
  if (auto failure = missing(request->endpoint_id(), "endpoint_id"))
    return refuse(context, *failure);
  const auto duration =
      std::chrono::milliseconds(request->duration_ms() == 0 ? 100 : request->duration_ms());
  auto* reactor = context->DefaultReactor();
  node_.send_dtmf(request->endpoint_id(), request->digits(), duration,
                  finish<Done>(reactor, ignore));
  return reactor;
}

grpc::ServerWriteReactor<v1::MediaEvent>* MediaService::WatchEvents(
    grpc::CallbackServerContext*, const v1::WatchEventsRequest* request) {
  auto [stream, subscriber] = WatchStream<v1::MediaEvent>::create(
      "the media node is shutting down; watch another node's events");
  events_.subscribe(std::move(subscriber), request->call_id());
  return stream;
}

}  // namespace tandem::media
