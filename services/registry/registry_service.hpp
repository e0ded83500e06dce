#pragma once

#include "services/registry/binding_store.hpp"
#include "services/registry/registry_metrics.hpp"
#include "services/registry/request_validation.hpp"
#include "tandem/v1/registry.grpc.pb.h"

namespace tandem::registry {

/// tandem.v1.Registry over a BindingStore: validates, applies policy, maps results to
/// protos and errors to statuses. Stateless; handlers never block (callback API).
class RegistryService final : public v1::Registry::CallbackService {
 public:
  /// Trailing metadata of an OUT_OF_RANGE Bind: the minimum expires, in seconds.
  static constexpr const char* kMinExpiresTrailer = "tandem-min-expires";

  RegistryService(BindingStore& store, RegistryPolicy policy, RegistryMetrics& metrics);

  grpc::ServerUnaryReactor* Bind(grpc::CallbackServerContext* context,
                                 const v1::BindRequest* request,
                                 v1::BindResponse* response) override;
  grpc::ServerUnaryReactor* Unbind(grpc::CallbackServerContext* context,
                                   const v1::UnbindRequest* request,
                                   v1::UnbindResponse* response) override;
  grpc::ServerUnaryReactor* Lookup(grpc::CallbackServerContext* context,
                                   const v1::LookupRequest* request,
                                   v1::LookupResponse* response) override;
  grpc::ServerUnaryReactor* List(grpc::CallbackServerContext* context,
                                 const v1::ListRegistrationsRequest* request,
                                 v1::ListRegistrationsResponse* response) override;

 private:
  BindingStore& store_;
  RegistryPolicy policy_;
  RegistryMetrics& metrics_;
};

}  // namespace tandem::registry
