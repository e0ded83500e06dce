#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <string>

#include "libs/common/grpc_status.hpp"
#include "libs/common/result.hpp"
#include "services/registry/registry_metrics.hpp"

namespace tandem::registry {

/// One unary gRPC call of the registry or directory service in flight: finishes the reactor
/// exactly once and counts the outcome (tandem_registry_operations_total) and the store's
/// latency (tandem_registry_store_latency_seconds).
class UnaryCall {
 public:
  UnaryCall(grpc::ServerUnaryReactor* reactor, RegistryMetrics& metrics, std::string op)
      : reactor_(reactor), metrics_(&metrics), op_(std::move(op)) {}

  /// Finishes the call with a failure; returns the reactor for the handler to return.
  grpc::ServerUnaryReactor* fail(const Failure& failure) const {
    metrics_->count_operation(op_, metric_label(failure.code));
    reactor_->Finish(to_grpc_status(failure));
    return reactor_;
  }

  /// The store callback that answers this call: a failure as its status, a value through
  /// `fill` (which writes the response) and OK. Also times the store.
  template <class T, class Fill>
  std::function<void(Result<T>)> answer(Fill fill) const {
    return [call = *this, fill = std::move(fill)](Result<T> result) {
      call.metrics_->observe_store_latency(call.op_,
                                           std::chrono::steady_clock::now() - call.started_);
      if (!result) {
        call.fail(result.failure());
        return;
      }
      fill(result.value());
      call.metrics_->count_operation(call.op_, "ok");
      call.reactor_->Finish(grpc::Status::OK);
    };
  }

  grpc::ServerUnaryReactor* reactor() const { return reactor_; }

 private:
  grpc::ServerUnaryReactor* reactor_;
  RegistryMetrics* metrics_;
  std::string op_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace tandem::registry
