#pragma once

#include <grpcpp/support/server_interceptor.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <set>
#include <string>

namespace tandem {

/// Counts every gRPC call a server answers and how long it took, by method and status code:
/// tandem_grpc_requests_total and tandem_grpc_request_duration_seconds. Installed as a server
/// interceptor, so every service gets it without code of its own. Methods the server does
/// not serve are counted as "unknown" so that clients cannot inflate label cardinality.
class GrpcMetricsInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  GrpcMetricsInterceptorFactory(prometheus::Registry& registry, std::set<std::string> methods);

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

  /// Records one finished call.
  void record(const std::string& method, grpc::StatusCode code, double seconds);

 private:
  std::set<std::string> methods_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& durations_;
};

/// Every fully qualified method ("/tandem.v1.Registry/Bind") of the named services, read
/// from the generated protobuf descriptors, plus the health and reflection services.
std::set<std::string> grpc_method_names(const std::vector<std::string>& service_names);

}  // namespace tandem
