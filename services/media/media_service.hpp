#pragma once

#include <grpcpp/grpcpp.h>

#include "services/media/media_engine.hpp"
#include "tandem/v1/media.grpc.pb.h"

namespace tandem::media {

/// The Media gRPC API over a MediaEngine. Engine operations are short commands on the
/// packet loop, so each call is answered before its handler returns.
class MediaService final : public v1::Media::CallbackService {
 public:
  explicit MediaService(MediaEngine& engine) : engine_(engine) {}

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
  grpc::ServerUnaryReactor* GetStats(grpc::CallbackServerContext* context,
                                     const v1::GetStatsRequest* request,
                                     v1::GetStatsResponse* response) override;

 private:
  MediaEngine& engine_;
};

}  // namespace tandem::media
