#include "libs/common/grpc_server.hpp"

#include <absl/synchronization/mutex.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include "libs/common/grpc_metrics.hpp"

namespace tandem {

GrpcServer::GrpcServer(prometheus::Registry& metrics) : metrics_(metrics) {}

GrpcServer::~GrpcServer() { shutdown(std::chrono::milliseconds{0}); }

void GrpcServer::add_service(grpc::Service* service, std::string full_name) {
  services_.emplace_back(service, std::move(full_name));
}

Result<Done> GrpcServer::start(const HostPort& listen) {
  // Debian builds Abseil without NDEBUG, which leaves absl::Mutex's deadlock detector on: a
  // lock-graph update inside gRPC on every call (about 5% of a registry's CPU). It is a
  // debugging aid that release builds of gRPC run without.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen.to_string(), grpc::InsecureServerCredentials(), &port_);
  std::vector<std::string> names;
  for (auto& [service, name] : services_) {
    builder.RegisterService(service);
    names.push_back(name);
  }
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(
      std::make_unique<GrpcMetricsInterceptorFactory>(metrics_, grpc_method_names(names)));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    server_.reset();
    return unavailable("cannot listen for gRPC on " + listen.to_string() +
                       " (address in use or not local?); set grpc.listen");
  }
  set_serving(true);
  return Done{};
}

std::shared_ptr<grpc::Channel> GrpcServer::in_process_channel() {
  return server_->InProcessChannel(grpc::ChannelArguments{});
}

void GrpcServer::set_serving(bool serving) {
  if (server_ == nullptr) return;
  auto* health = server_->GetHealthCheckService();
  if (health == nullptr) return;
  health->SetServingStatus(serving);
  for (const auto& entry : services_) health->SetServingStatus(entry.second, serving);
}

void GrpcServer::shutdown(std::chrono::milliseconds grace) {
  if (server_ == nullptr) return;
  set_serving(false);
  server_->Shutdown(std::chrono::system_clock::now() + grace);
  server_->Wait();
  server_.reset();
}

}  // namespace tandem
