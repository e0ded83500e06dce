#include "libs/common/grpc_metrics.hpp"

#include <google/protobuf/descriptor.h>

#include <chrono>

#include "libs/common/grpc_status.hpp"
#include "libs/common/metrics.hpp"

namespace tandem {
namespace {

class GrpcMetricsInterceptor final : public grpc::experimental::Interceptor {
 public:
  GrpcMetricsInterceptor(GrpcMetricsInterceptorFactory& factory, std::string method)
      : factory_(factory), method_(std::move(method)) {}

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
  std::string method_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace

GrpcMetricsInterceptorFactory::GrpcMetricsInterceptorFactory(prometheus::Registry& registry,
                                                             std::set<std::string> methods)
    : methods_(std::move(methods)),
      requests_(prometheus::BuildCounter()
                    .Name("tandem_grpc_requests_total")
                    .Help("gRPC calls answered, by method and status code")
                    .Register(registry)),
      durations_(prometheus::BuildHistogram()
                     .Name("tandem_grpc_request_duration_seconds")
                     .Help("Time from receiving a gRPC call to sending its status")
                     .Register(registry)) {}

grpc::experimental::Interceptor* GrpcMetricsInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  std::string method = info->method();
  if (!methods_.contains(method)) method = "unknown";
  return new GrpcMetricsInterceptor(*this, std::move(method));
}

void GrpcMetricsInterceptorFactory::record(const std::string& method, grpc::StatusCode code,
                                           double seconds) {
  const std::map<std::string, std::string> labels{{"method", method},
                                                  {"code", std::string(grpc_code_name(code))}};
  requests_.Add(labels).Increment();
  durations_.Add(labels, latency_buckets()).Observe(seconds);
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
