#pragma once

#include <grpcpp/grpcpp.h>
#include <prometheus/registry.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "libs/common/host_port.hpp"
#include "libs/common/result.hpp"

namespace tandem {

/// The process's one gRPC server: every role's services share its port, and in-process
/// clients (one role calling another inside `--role=all`) reach it through
/// in_process_channel() without sockets. It always serves the standard health service and
/// server reflection, and counts every call in tandem_grpc_* metrics.
class GrpcServer {
 public:
  explicit GrpcServer(prometheus::Registry& metrics);
  ~GrpcServer();

  /// Registers a service before start(); `full_name` is its proto name ("tandem.v1.Registry").
  /// The service must outlive the server.
  void add_service(grpc::Service* service, std::string full_name);

  /// Binds and starts serving. Port 0 picks a free port (see port()).
  Result<Done> start(const HostPort& listen);
  int port() const { return port_; }

  /// A channel to this server that stays inside the process.
  std::shared_ptr<grpc::Channel> in_process_channel();

  /// Sets what the health service answers for every registered service and for "".
  void set_serving(bool serving);

  /// Stops taking calls, gives calls in flight up to `grace` to finish, then cancels them.
  void shutdown(std::chrono::milliseconds grace);

 private:
  prometheus::Registry& metrics_;
  std::vector<std::pair<grpc::Service*, std::string>> services_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace tandem
