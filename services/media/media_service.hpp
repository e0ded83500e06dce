#pragma once

#include <grpcpp/grpcpp.h>

#include "libs/common/health.hpp"
#include "services/media/media_event_hub.hpp"
#include "services/media/media_node.hpp"
#include "tandem/v1/media.grpc.pb.h"

namespace tandem::media {

/// The Media gRPC API over a MediaNode. Calls are answered when the node's actors reply,
/// on an actor thread; no gRPC thread waits.
class MediaService final : public v1::Media::CallbackService {
 public:
  MediaService(MediaNode& node, MediaEventHub& events, const Health& health)
      : node_(node), events_(events), health_(health) {}

  grpc::ServerUnaryReactor* CreateEndpoint(grpc::CallbackServerContext* context,
                                           const v1::CreateEndpointRequest* request,
                                           v1::CreateEndpointResponse* response) override;
  grpc::ServerUnaryReactor* UpdateEndpoint(grpc::CallbackServerContext* context,
                                           const v1::UpdateEndpointRequest* request,
                                           v1::UpdateEndpointResponse* response) override;
  grpc::ServerUnaryReactor* DestroyEndpoint(grpc::CallbackServerContext* context,
                                            const v1::DestroyEndpointRequest* request,
                                            v1::DestroyEndpointResponse* response) override;
  grpc::ServerUnaryReactor* Bridge(grpc::CallbackServerContext* context,
                                   const v1::BridgeRequest* request,
                                   v1::BridgeResponse* response) override;
  grpc::ServerUnaryReactor* Unbridge(grpc::CallbackServerContext* context,
                                     const v1::UnbridgeRequest* request,
                                     v1::UnbridgeResponse* response) override;
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const v1::EchoRequest* request,
                                 v1::BridgeResponse* response) override;
  grpc::ServerUnaryReactor* GetStats(grpc::CallbackServerContext* context,
                                     const v1::GetStatsRequest* request,
                                     v1::GetStatsResponse* response) override;
  grpc::ServerUnaryReactor* SendDtmf(grpc::CallbackServerContext* context,
                                     const v1::SendDtmfRequest* request,
                                     v1::SendDtmfResponse* response) override;
  grpc::ServerWriteReactor<v1::MediaEvent>* WatchEvents(
      grpc::CallbackServerContext* context, const v1::WatchEventsRequest* request) override;

 private:
  MediaNode& node_;
  MediaEventHub& events_;
  const Health& health_;
};

}  // namespace tandem::media
