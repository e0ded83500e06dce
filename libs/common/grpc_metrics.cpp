#include "libs/common/grpc_metrics.hpp"

#include <google/protobuf/descriptor.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "libs/common/grpc_status.hpp"
#include "libs/common/metrics.hpp"

namespace tandem {
namespace {

// grpc::StatusCode runs from OK (0) to UNAUTHENTICATED (16).
constexpr size_t kStatusCodes = 17;

class GrpcMetricsInterceptor final : public grpc::experimental::Interceptor {
 public:
  GrpcMetricsInterceptor(GrpcMetricsInterceptorFactory& factory, size_t method)
      : factory_(factory), method_(method) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using Hook = grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(Hook::PRE_SEND_STATUS)) {
      const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started_;
      factory_.record(method_, methods->GetSendStatus().error_code(), elapsed.count());
    }
    methods->Proceed();
  }

 private:
  GrpcMetricsInterceptorFactory& factory_;
  size_t method_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace

GrpcMetricsInterceptorFactory::GrpcMetricsInterceptorFactory(prometheus::Registry& registry,
                                                             std::set<std::string> methods)
    : methods_(methods.begin(), methods.end()),
      requests_(prometheus::BuildCounter()
                    .Name("tandem_grpc_requests_total")
                    .Help("gRPC calls answered, by method and status code")
                    .Register(registry)),
      durations_(prometheus::BuildHistogram()
                     .Name("tandem_grpc_request_duration_seconds")
                     .Help("Time from receiving a gRPC call to sending its status")
                     .Register(registry)),
      request_series_((methods_.size() + 1) * kStatusCodes),
      duration_series_((methods_.size() + 1) * kStatusCodes) {}

grpc::experimental::Interceptor* GrpcMetricsInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  const std::string_view method = info->method() != nullptr ? info->method() : "";
  const auto found = std::lower_bound(methods_.begin(), methods_.end(), method);
  const bool known = found != methods_.end() && *found == method;
  return new GrpcMetricsInterceptor(
      *this, known ? static_cast<size_t>(found - methods_.begin()) : methods_.size());
}

size_t GrpcMetricsInterceptorFactory::series_index(size_t method, grpc::StatusCode code) const {
  return std::min(method, methods_.size()) * kStatusCodes + static_cast<size_t>(code);
}

void GrpcMetricsInterceptorFactory::record(size_t method, grpc::StatusCode code, double seconds) {
  if (static_cast<size_t>(code) >= kStatusCodes) code = grpc::StatusCode::UNKNOWN;
  const size_t index = series_index(method, code);
  const auto labels = [&] {
    return std::map<std::string, std::string>{
        {"method", method < methods_.size() ? methods_[method] : "unknown"},
        {"code", std::string(grpc_code_name(code))}};
  };
  request_series_
      .get(
          index, [&]() -> auto& { return requests_.Add(labels()); })
      .Increment();
  duration_series_
      .get(
          index, [&]() -> auto& { return durations_.Add(labels(), latency_buckets()); })
      .Observe(seconds);
}

std::set<std::string> grpc_method_names(const std::vector<std::string>& service_names) {
  std::set<std::string> names{"/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch",
                              "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"};
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const auto& service_name : service_names) {
    const auto* service = pool->FindServiceByName(service_name);
    for (int i = 0; service != nullptr && i < service->method_count(); ++i) {
      names.insert("/" + service_name + "/" + service->method(i)->name());
    }
  }
  return names;
}

}  // namespace tandem
