#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

namespace tandem::ctl {

/// What every tandemctl command shares: where the server is, how long to wait, how to print.
struct Options {
  std::string server = "127.0.0.1:50051";
  std::string output = "table";
  std::chrono::milliseconds timeout{5000};
};

/// A channel to the server named by the options.
std::shared_ptr<grpc::Channel> connect(const Options& options);

/// A context whose deadline is the options' timeout.
std::unique_ptr<grpc::ClientContext> call_context(const Options& options);

/// A failed call as one line a person can act on, e.g. how to start the server when it is
/// not reachable. `what` names the command ("registrations list").
std::string describe_failure(const Options& options, const std::string& what,
                             const grpc::Status& status);

/// Exits the process with the failure printed to stderr.
[[noreturn]] void fail(const Options& options, const std::string& what, const grpc::Status& status);

/// Protobuf message as JSON, proto field names, every field shown.
std::string to_json(const google::protobuf::Message& message);

}  // namespace tandem::ctl
