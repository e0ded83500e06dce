#pragma once

#include <grpcpp/support/server_interceptor.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "libs/common/metrics.hpp"

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

  /// Records one finished call of methods()[method], or of an unknown method when method
  /// is methods().size().
  void record(size_t method, grpc::StatusCode code, double seconds);

  const std::vector<std::string>& methods() const { return methods_; }

 private:
  size_t series_index(size_t method, grpc::StatusCode code) const;

  std::vector<std::string> methods_;  // sorted
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& durations_;
  SeriesCache<prometheus::Counter> request_series_;
  SeriesCache<prometheus::Histogram> duration_series_;
};

/// Every fully qualified method ("/tandem.v1.Registry/Bind") of the named services, read
/// from the generated protobuf descriptors, plus the health and reflection services.
std::set<std::string> grpc_method_names(const std::vector<std::string>& service_names);

}  // namespace tandem
