#include "services/media/media_service.hpp"

#include "libs/common/grpc_status.hpp"

namespace tandem::media {
namespace {

/// Finishes a call with the result's failure, or OK after `fill` wrote the response.
template <class T, class Fill>
grpc::ServerUnaryReactor* answer(grpc::CallbackServerContext* context, Result<T> result,
                                 Fill fill) {
  auto* reactor = context->DefaultReactor();
  if (!result) {
    reactor->Finish(to_grpc_status(result.failure()));
  } else {
    fill(result.value());
    reactor->Finish(grpc::Status::OK);
  }
  return reactor;
}

Result<Done> required(const std::string& value, const char* field) {
  if (value.empty()) return invalid_argument(std::string(field) + ": required");
  return Done{};
}

}  // namespace

grpc::ServerUnaryReactor* MediaService::CreateEndpoint(grpc::CallbackServerContext* context,
                                                       const v1::CreateEndpointRequest* request,
                                                       v1::CreateEndpointResponse* response) {
  // A draining node finishes its calls and takes no new ones (Kubernetes is replacing it).
  if (health_.draining()) {
    Result<Done> refused =
        unavailable("this media node is draining: create the endpoint on another");
    return answer(context, refused, [](Done&) {});
  }
  return answer(
      context, engine_.create_endpoint(*request),
      [response](v1::CreateEndpointResponse& created) { *response = std::move(created); });
}

grpc::ServerUnaryReactor* MediaService::UpdateEndpoint(grpc::CallbackServerContext* context,
                                                       const v1::UpdateEndpointRequest* request,
                                                       v1::UpdateEndpointResponse*) {
  auto checked = required(request->endpoint_id(), "endpoint_id");
  if (!checked) return answer(context, checked, [](Done&) {});
  return answer(context, engine_.update_endpoint(*request), [](Done&) {});
}

grpc::ServerUnaryReactor* MediaService::DestroyEndpoint(grpc::CallbackServerContext* context,
                                                        const v1::DestroyEndpointRequest* request,
                                                        v1::DestroyEndpointResponse* response) {
  auto checked = required(request->endpoint_id(), "endpoint_id");
  if (!checked) return answer(context, checked, [](Done&) {});
  return answer(context, engine_.destroy_endpoint(request->endpoint_id()),
                [response](v1::EndpointStats& stats) { *response->mutable_final_stats() = stats; });
}

grpc::ServerUnaryReactor* MediaService::Bridge(grpc::CallbackServerContext* context,
                                               const v1::BridgeRequest* request,
                                               v1::BridgeResponse* response) {
  auto checked = required(request->endpoint_a(), "endpoint_a");
  if (checked) checked = required(request->endpoint_b(), "endpoint_b");
  if (!checked) return answer(context, checked, [](Done&) {});
  return answer(context, engine_.bridge(request->endpoint_a(), request->endpoint_b()),
                [response](std::string& id) { response->set_bridge_id(id); });
}

grpc::ServerUnaryReactor* MediaService::Unbridge(grpc::CallbackServerContext* context,
                                                 const v1::UnbridgeRequest* request,
                                                 v1::UnbridgeResponse*) {
  auto checked = required(request->bridge_id(), "bridge_id");
  if (!checked) return answer(context, checked, [](Done&) {});
  return answer(context, engine_.unbridge(request->bridge_id()), [](Done&) {});
}

grpc::ServerUnaryReactor* MediaService::GetStats(grpc::CallbackServerContext* context,
                                                 const v1::GetStatsRequest* request,
                                                 v1::GetStatsResponse* response) {
  auto checked = required(request->endpoint_id(), "endpoint_id");
  if (!checked) return answer(context, checked, [](Done&) {});
  return answer(context, engine_.stats(request->endpoint_id()),
                [response](v1::EndpointStats& stats) { *response->mutable_stats() = stats; });
}

grpc::ServerUnaryReactor* MediaService::SendDtmf(grpc::CallbackServerContext* context,
                                                 const v1::SendDtmfRequest* request,
                                                 v1::SendDtmfResponse*) {
  auto checked = required(request->endpoint_id(), "endpoint_id");
  if (!checked) return answer(context, checked, [](Done&) {});
  const auto duration =
      std::chrono::milliseconds(request->duration_ms() == 0 ? 100 : request->duration_ms());
  return answer(context, engine_.send_dtmf(request->endpoint_id(), request->digits(), duration),
                [](Done&) {});
}

grpc::ServerWriteReactor<v1::MediaEvent>* MediaService::WatchEvents(
    grpc::CallbackServerContext*, const v1::WatchEventsRequest* request) {
  auto [stream, subscriber] = WatchStream<v1::MediaEvent>::create(
      "the media node is shutting down; watch another node's events");
  events_.subscribe(std::move(subscriber), request->call_id());
  return stream;
}

}  // namespace tandem::media
